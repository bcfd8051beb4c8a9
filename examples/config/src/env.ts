import { ConfigError } from "./config-error.js";
import type { Env, ReadFile } from "./env-types.js";

// The readers below and their input types come as one import for the modules that use them.
export type { Env, ReadFile } from "./env-types.js";

/**
 * The value of a variable, or `undefined` when it is unset. A variable that is set but empty is a
 * mistake, not a request for the default: `OAUTH_CLIENTS=$TYPO` must not quietly fall back to
 * the demo client.
 */
export function readVariable(env: Env, name: string): string | undefined {
  const value = env[name];
  if (value === undefined) return undefined;
  if (value.trim() === "") throw new ConfigError(name, "is set but empty; unset it to use the default");
  return value;
}

/** The value of `name` or of `${name}_FILE` (whose file is read), never both; `undefined` when neither is set. */
export async function readVariableOrFile(
  env: Env,
  name: string,
  readFile: ReadFile,
): Promise<{ readonly variable: string; readonly value: string } | undefined> {
  const fileVariable = `${name}_FILE`;
  const inline = readVariable(env, name);
  const path = readVariable(env, fileVariable);
  if (inline !== undefined && path !== undefined) {
    throw new ConfigError(fileVariable, `set ${name} or ${fileVariable}, not both`);
  }
  if (inline !== undefined) return { variable: name, value: inline };
  if (path === undefined) return undefined;
  return { variable: fileVariable, value: await readText(readFile, path, fileVariable) };
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

async function readText(readFile: ReadFile, path: string, variable: string): Promise<string> {
  let contents: string | Uint8Array;
  try {
    contents = await readFile(path);
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    throw new ConfigError(variable, `cannot read ${path}${typeof code === "string" ? ` (${code})` : ""}`);
  }
  if (typeof contents === "string") return contents;
  try {
    return utf8.decode(contents);
  } catch {
    throw new ConfigError(variable, `${path} is not UTF-8 text`);
  }
}
