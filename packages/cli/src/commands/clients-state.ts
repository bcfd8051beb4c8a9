import type { Command } from "../command.js";
import { schemaOption, withDatabase } from "../database.js";
import { exitCodes } from "../exit-codes.js";
import { printJson, printLines } from "../io.js";
import { noSuchClient } from "./clients-read.js";

function setDisabled(disabled: boolean): Command {
  const name = disabled ? "clients disable" : "clients enable";
  return {
    name,
    summary: disabled
      ? "Disable a client: it is refused with invalid_client, as if its secret were wrong. Tokens it holds stay valid (see `tessera revoke --client`)."
      : "Enable a disabled client again.",
    arguments: "<client_id>",
    positionals: 1,
    options: schemaOption,
    details: ['With --json: {"client_id", "disabled"}.'],
    async run(args, io) {
      const [clientId = ""] = args.positionals;
      const found = await withDatabase(io, args, name, ({ store }) => store.setClientDisabled(clientId, disabled));
      if (!found) throw noSuchClient(clientId);
      if (args.json) printJson(io, { client_id: clientId, disabled });
      else printLines(io, [`${disabled ? "disabled" : "enabled"} ${clientId}`]);
      return exitCodes.done;
    },
  };
}

export const clientsDisable = setDisabled(true);
export const clientsEnable = setDisabled(false);

export const clientsDelete: Command = {
  name: "clients delete",
  summary: "Delete a client. Tokens it holds stay valid until they expire: revoke them first (`tessera revoke --client`).",
  arguments: "<client_id>",
  positionals: 1,
  options: schemaOption,
  details: ['With --json: {"client_id", "deleted": true}.'],
  async run(args, io) {
    const [clientId = ""] = args.positionals;
    const found = await withDatabase(io, args, "clients delete", ({ store }) => store.deleteClient(clientId));
    if (!found) throw noSuchClient(clientId);
    if (args.json) printJson(io, { client_id: clientId, deleted: true });
    else printLines(io, [`deleted ${clientId}`]);
    return exitCodes.done;
  },
};
