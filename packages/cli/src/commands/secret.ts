import { generateClientSecret, hashClientSecret } from "@tessera/core";
import type { Command } from "../command.js";
import { exitCodes } from "../exit-codes.js";
import { printJson, printLines } from "../io.js";
import { readSecret } from "../secret-input.js";

export const secretGenerate: Command = {
  name: "secret generate",
  summary: "Generate a client secret (256 random bits, base64url) and its stored form.",
  details: [
    "Prints client_secret (give it to the client) and client_secret_hash (what OAUTH_CLIENTS and the stores keep).",
    'With --json: {"client_secret", "client_secret_hash"}.',
  ],
  async run(args, io) {
    const secret = generateClientSecret();
    const hash = await hashClientSecret(secret);
    if (args.json) printJson(io, { client_secret: secret, client_secret_hash: hash });
    else printLines(io, [`client_secret: ${secret}`, `client_secret_hash: ${hash}`]);
    return exitCodes.done;
  },
};

export const secretHash: Command = {
  name: "secret hash",
  summary: "Print the stored form (client_secret_hash) of a client secret read from standard input.",
  details: [
    "The secret is read from standard input (`tessera secret hash < secret.txt`), or asked for without echo",
    "on a terminal; never from the command line, where other users of the machine can read it (`ps`).",
    "The hash is SHA-256, right for generated secrets and wrong for passwords people choose.",
    'With --json: {"client_secret_hash"}.',
  ],
  async run(args, io) {
    const hash = await hashClientSecret(await readSecret(io, "Client secret: "));
    if (args.json) printJson(io, { client_secret_hash: hash });
    else printLines(io, [hash]);
    return exitCodes.done;
  },
};
