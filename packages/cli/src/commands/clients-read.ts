import type { Client } from "@tessera/core";
import type { Command } from "../command.js";
import { schemaOption, withDatabase } from "../database.js";
import { CliError, exitCodes } from "../exit-codes.js";
import { printJson, printLines } from "../io.js";
import { toMetadata } from "../client-metadata.js";

export const clientsList: Command = {
  name: "clients list",
  summary: "List the clients in OAUTH_DATABASE_URL, in order of client_id.",
  options: schemaOption,
  details: ['With --json: {"clients": [metadata, …]}, in the names OAUTH_CLIENTS uses; never a secret or its hash.'],
  async run(args, io) {
    const clients = await withDatabase(io, args, "clients list", async ({ store }) => {
      const all: Client[] = [];
      let after: string | undefined;
      do {
        const page = await store.listClients({ after, limit: 1000 });
        all.push(...page.clients);
        after = page.next;
      } while (after !== undefined);
      return all;
    });
    if (args.json) {
      printJson(io, { clients: clients.map(toMetadata) });
    } else {
      const rows = clients.map((client) => `${client.clientId}\t${client.disabled === true ? "disabled" : "enabled"}\t${client.scopes.join(" ")}`);
      printLines(io, clients.length === 0 ? ["no clients"] : ["client_id\tstate\tscope", ...rows]);
    }
    return exitCodes.done;
  },
};

export const clientsShow: Command = {
  name: "clients show",
  summary: "Show one client's metadata (never its secrets or their hashes: only when each expires).",
  arguments: "<client_id>",
  positionals: 1,
  options: schemaOption,
  details: ["With --json: the client's metadata in the names OAUTH_CLIENTS uses."],
  async run(args, io) {
    const [clientId = ""] = args.positionals;
    const client = await withDatabase(io, args, "clients show", ({ store }) => store.getClient(clientId));
    if (client === undefined) throw noSuchClient(clientId);
    printClient(io, client, args.json);
    return exitCodes.done;
  },
};

/** The failure for a `client_id` that no client has (exit code 3). */
export function noSuchClient(clientId: string): CliError {
  return new CliError(exitCodes.notFound, `no client has client_id ${JSON.stringify(clientId)}`);
}

/** Prints a client's metadata, as JSON or one `field: value` line each. */
export function printClient(io: Parameters<typeof printJson>[0], client: Client, json: boolean, extra: Record<string, unknown> = {}): void {
  const metadata = { ...toMetadata(client), ...extra };
  if (json) return printJson(io, metadata);
  printLines(
    io,
    Object.entries(metadata).map(([field, value]) => `${field}: ${typeof value === "string" ? value : JSON.stringify(value)}`),
  );
}
