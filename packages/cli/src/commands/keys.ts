import { generateSigningKey, type SigningAlgorithm } from "@tessera/core";
import { stringOption, type Command } from "../command.js";
import { exitCodes, usageError } from "../exit-codes.js";
import { printJson } from "../io.js";

/**
 * The algorithms `keys generate --alg` offers: those `generateSigningKey` makes keys for. A new
 * algorithm of the core is one more entry here.
 */
export const keyAlgorithms: readonly SigningAlgorithm[] = ["RS256", "PS256", "ES256", "EdDSA"];

export const keysGenerate: Command = {
  name: "keys generate",
  summary: "Generate a signing key: its PKCS#8 PEM, its public JWK and its kid (RFC 7638 thumbprint).",
  options: {
    alg: { type: "string", value: `<${keyAlgorithms.join("|")}>`, description: "The algorithm (default RS256; RS256 and PS256: RSA-2048)" },
  },
  details: [
    "Prints the private key's PEM on standard output and the kid and public JWK on standard error, so",
    "`tessera keys generate > signing-key.pem` leaves only the key in the file (for OAUTH_PRIVATE_KEY_FILE).",
    'With --json: {"alg", "kid", "private_key_pem", "public_jwk"} on standard output. Keep the private key secret.',
  ],
  async run(args, io) {
    const alg = stringOption(args, "alg") ?? "RS256";
    if (!(keyAlgorithms as readonly string[]).includes(alg)) {
      throw usageError(`--alg must be one of ${keyAlgorithms.join(", ")}`, "keys generate");
    }
    const key = await generateSigningKey(alg as SigningAlgorithm);
    if (args.json) {
      printJson(io, { alg: key.alg, kid: key.kid, private_key_pem: key.privateKeyPem, public_jwk: key.publicJwk });
    } else {
      io.stdout.write(key.privateKeyPem.endsWith("\n") ? key.privateKeyPem : `${key.privateKeyPem}\n`);
      io.stderr.write(`kid: ${key.kid}\npublic JWK: ${JSON.stringify(key.publicJwk)}\n`);
    }
    return exitCodes.done;
  },
};
