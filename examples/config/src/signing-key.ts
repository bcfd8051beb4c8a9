import type { SigningKeyInput } from "@tessera/core";
import { generateKeyPair } from "jose";
import { readVariableOrFile, type Env, type ReadFile } from "./env.js";

/** The signing key and, when none is configured, the warning that a fresh one is in use. */
export interface SigningKeySetting {
  readonly signingKey: SigningKeyInput;
  readonly warning?: string;
}

/**
 * The signing key from `OAUTH_PRIVATE_KEY` (a PKCS#8 PEM, whose line breaks may be written as
 * literal `\n` or `\r\n`, as env files and CI secrets often carry them) or the file `OAUTH_PRIVATE_KEY_FILE`
 * names. Without either, a fresh RSA-2048 key pair. The PEM itself is checked when the server
 * imports it, and `toConfigError` names this variable when `server.ready` rejects it.
 */
export async function readSigningKey(env: Env, readFile: ReadFile): Promise<SigningKeySetting> {
  const configured = await readVariableOrFile(env, "OAUTH_PRIVATE_KEY", readFile);
  if (configured !== undefined) return { signingKey: configured.value.replace(/(?:\\r)?\\n/g, "\n").trim() };
  return {
    signingKey: await generateKeyPair("RS256", { extractable: true }),
    warning: "OAUTH_PRIVATE_KEY is not set: signing with a key generated at start-up; its tokens will not verify after a restart",
  };
}
