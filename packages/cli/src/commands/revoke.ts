import { revocationGrace } from "@tessera/core";
import { secondsOption, stringOption, type Command } from "../command.js";
import { schemaOption, withDatabase } from "../database.js";
import { exitCodes, usageError } from "../exit-codes.js";
import { printJson, printLines } from "../io.js";

/** Without `--exp`, the longest lifetime a token may still have: a day. */
const defaultTokenLifetime = 86_400;

export const revoke: Command = {
  name: "revoke",
  summary: "Revoke one access token by its jti, or every token a client was issued until now (RFC 7009).",
  options: {
    jti: { type: "string", value: "<jti>", description: "The jti claim of the token to revoke" },
    exp: { type: "string", value: "<seconds>", description: "That token's exp (seconds since the epoch), if known" },
    client: { type: "string", value: "<client_id>", description: "Revoke every token issued to this client before now" },
    "token-lifetime": {
      type: "string",
      value: "<seconds>",
      description: `The longest access token lifetime, when --exp is not given (default ${defaultTokenLifetime})`,
    },
    ...schemaOption,
  },
  details: [
    `Give --jti or --client. A mark is kept until the token's exp (or now + --token-lifetime) plus ${revocationGrace} s,`,
    "the grace every resource server's clock tolerance stays within, so a revoked token never verifies again.",
    'With --json: {"jti"} or {"client_id", "issued_before"}, and "keep_until" (seconds since the epoch).',
  ],
  async run(args, io) {
    const jti = stringOption(args, "jti");
    const clientId = stringOption(args, "client");
    if ((jti === undefined) === (clientId === undefined)) throw usageError("give --jti or --client, one of them", this.name);
    if (clientId !== undefined && stringOption(args, "exp") !== undefined) throw usageError("--exp goes with --jti", this.name);
    const now = Math.floor(io.now() / 1000);
    const lifetime = secondsOption(args, this.name, "token-lifetime", defaultTokenLifetime);
    const keepUntil = secondsOption(args, this.name, "exp", now + lifetime) + revocationGrace;
    const result = await withDatabase(io, args, this.name, async ({ store }) => {
      if (jti !== undefined) {
        await store.revokeToken(jti, keepUntil);
        return { jti, keep_until: keepUntil };
      }
      await store.revokeClientTokens(clientId ?? "", now, keepUntil);
      return { client_id: clientId, issued_before: now, keep_until: keepUntil };
    });
    if (args.json) printJson(io, result);
    else if (jti !== undefined) printLines(io, [`revoked the token with jti ${jti}`]);
    else printLines(io, [`revoked every token issued to ${clientId} before ${new Date(now * 1000).toISOString()}`]);
    return exitCodes.done;
  },
};
