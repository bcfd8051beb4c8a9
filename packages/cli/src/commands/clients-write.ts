import { generateClientSecret, hashClientSecret } from "@tessera/core";
import { secondsOption, type Command } from "../command.js";
import { checkedClient, clientFieldOptions, fieldsFromOptions } from "../client-metadata.js";
import { schemaOption, withDatabase } from "../database.js";
import { CliError, exitCodes, usageError } from "../exit-codes.js";
import { printJson, printLines } from "../io.js";
import { noSuchClient, printClient } from "./clients-read.js";

/** The server refuses longer client ids before any lookup, so such a client could never authenticate. */
const maxClientIdLength = 256;

const onceNote = "The client_secret is shown only this once; only its hash is stored.\n";

export const clientsCreate: Command = {
  name: "clients create",
  summary: "Create a client with a generated secret, printed once; only the secret's hash is stored.",
  arguments: "<client_id>",
  positionals: 1,
  options: { ...clientFieldOptions, ...schemaOption },
  details: [
    "The fields are named as in OAUTH_CLIENTS (RFC 7591 client metadata); --scope is required.",
    'With --json: the client\'s metadata and "client_secret".',
  ],
  async run(args, io) {
    const [clientId = ""] = args.positionals;
    if (clientId.length > maxClientIdLength) throw usageError(`client_id must be at most ${maxClientIdLength} characters`, this.name);
    const fields = fieldsFromOptions(args, this.name);
    if (fields.scopes === undefined) throw usageError("--scope is required", this.name);
    const secret = generateClientSecret();
    const client = await checkedClient({ ...fields, clientId, clientSecretHash: await hashClientSecret(secret) }, this.name);
    const created = await withDatabase(io, args, this.name, ({ store }) => store.createClient(client));
    if (!created) throw new CliError(exitCodes.exists, `a client with client_id ${JSON.stringify(clientId)} exists already`);
    printClient(io, client, args.json, { client_secret: secret });
    if (!args.json) io.stderr.write(onceNote);
    return exitCodes.done;
  },
};

export const clientsUpdate: Command = {
  name: "clients update",
  summary: "Change the given fields of a client; the others, and its secrets, stay as they are.",
  arguments: "<client_id>",
  positionals: 1,
  options: { ...clientFieldOptions, ...schemaOption },
  details: ["An empty value clears a list (--resources ''). With --json: the client's metadata after the change."],
  async run(args, io) {
    const [clientId = ""] = args.positionals;
    const fields = fieldsFromOptions(args, this.name);
    if (Object.keys(fields).length === 0) throw usageError("give at least one field to change", this.name);
    const client = await withDatabase(io, args, this.name, async ({ store }) => {
      const existing = await store.getClient(clientId);
      if (existing === undefined) throw noSuchClient(clientId);
      const { secrets, ...metadata } = existing;
      const checked = await checkedClient({ ...metadata, ...fields, clientSecretHash: secrets?.[0]?.hash }, this.name);
      const updated = { ...checked, secrets };
      if (!(await store.updateClient(updated))) throw noSuchClient(clientId);
      return updated;
    });
    printClient(io, client, args.json);
    return exitCodes.done;
  },
};

export const clientsRotateSecret: Command = {
  name: "clients rotate-secret",
  summary: "Give a client a new generated secret, printed once; its previous secrets stay valid for a while.",
  arguments: "<client_id>",
  positionals: 1,
  options: {
    "previous-expires-in": {
      type: "string",
      value: "<seconds>",
      description: "How long the previous secrets stay valid (default 86400; 0: stop at once)",
    },
    ...schemaOption,
  },
  details: [
    "Deploy the new secret to the client within that time. Only the new secret's hash is stored.",
    'With --json: {"client_id", "client_secret", "previous_secrets_expire_at"} (seconds since the epoch).',
  ],
  async run(args, io) {
    const [clientId = ""] = args.positionals;
    const keep = secondsOption(args, this.name, "previous-expires-in", 86_400);
    const previousExpireAt = Math.floor(io.now() / 1000) + keep;
    const secret = generateClientSecret();
    const hash = await hashClientSecret(secret);
    const found = await withDatabase(io, args, this.name, ({ store }) => store.rotateClientSecret(clientId, { hash }, previousExpireAt));
    if (!found) throw noSuchClient(clientId);
    const result = { client_id: clientId, client_secret: secret, previous_secrets_expire_at: previousExpireAt };
    if (args.json) {
      printJson(io, result);
      return exitCodes.done;
    }
    printLines(io, [
      `client_id: ${clientId}`,
      `client_secret: ${secret}`,
      `previous_secrets_expire_at: ${new Date(previousExpireAt * 1000).toISOString()}`,
    ]);
    io.stderr.write(onceNote);
    return exitCodes.done;
  },
};
