import type { SigningKeyInput } from "@tessera/core";
import { generateKeyPair } from "jose";
import { ConfigError } from "./config-error.js";
import { readVariableOrFile, type Env, type ReadFile } from "./env.js";

/** The signing key and, when none is configured, the warning that a fresh one is in use. */
export interface SigningKeySetting {
  readonly signingKey: SigningKeyInput;
  readonly warning?: string;
}

/**
 * The signing key from `OAUTH_PRIVATE_KEY` (a PKCS#8 PEM, whose line breaks may be written as
 * literal `\n` or `\r\n`, as env files and CI secrets often carry them) or the file `OAUTH_PRIVATE_KEY_FILE`
 * names. Its type picks the algorithm: RSA (at least 2048 bits) signs RS256, EC P-256 signs
 * ES256, Ed25519 signs EdDSA. Without either variable, a fresh RSA-2048 key pair. The PEM itself
 * is checked when the server imports it, and `toConfigError` names this variable when
 * `server.ready` rejects it.
 */
export async function readSigningKey(env: Env, readFile: ReadFile): Promise<SigningKeySetting> {
  const configured = await readVariableOrFile(env, "OAUTH_PRIVATE_KEY", readFile);
  if (configured !== undefined) return { signingKey: unescapeLineBreaks(configured.value).trim() };
  return {
    signingKey: await generateKeyPair("RS256", { extractable: true }),
    warning: "OAUTH_PRIVATE_KEY is not set: signing with a key generated at start-up; its tokens will not verify after a restart",
  };
}

/**
 * The previous signing keys from `OAUTH_PREVIOUS_PRIVATE_KEYS` or the file
 * `OAUTH_PREVIOUS_PRIVATE_KEYS_FILE` names: PKCS#8 PEMs separated by blank lines (or simply
 * concatenated, as `cat old-1.pem old-2.pem` leaves them), with `\n` escapes allowed as for
 * `OAUTH_PRIVATE_KEY`. They become the core's `publishedKeys`: published in the JWKS beside the
 * signing key, never signing, so the tokens they signed keep verifying until they expire. Empty
 * when neither variable is set. Each PEM is checked when the server imports it; `toConfigError`
 * names the variable and the key's position, from 1.
 */
export async function readPreviousKeys(env: Env, readFile: ReadFile): Promise<readonly string[]> {
  const configured = await readVariableOrFile(env, "OAUTH_PREVIOUS_PRIVATE_KEYS", readFile);
  if (configured === undefined) return Object.freeze([]);
  const pems = unescapeLineBreaks(configured.value)
    .split(/\n\s*\n|\n(?=-----BEGIN )|(?<=-----END [^\n]*-----)\s*\n/)
    .map((pem) => pem.trim())
    .filter((pem) => pem !== "");
  if (pems.length === 0) {
    throw new ConfigError(configured.variable, "holds no key: expected PKCS#8 PEMs separated by blank lines");
  }
  return Object.freeze(pems);
}

/** Literal `\n` and `\r\n` escapes, as env files and CI secrets write line breaks, made line breaks. */
function unescapeLineBreaks(value: string): string {
  return value.replace(/(?:\\r)?\\n/g, "\n");
}
