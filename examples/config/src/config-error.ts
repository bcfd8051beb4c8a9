import type { Env } from "./env-types.js";

/**
 * A configuration mistake, named by the environment variable at fault. Its `message` is one line,
 * `VARIABLE: problem`, ready to print as `error: …`; it never quotes a secret or key material.
 */
export class ConfigError extends Error {
  /** The environment variable at fault, for example `OAUTH_ACCESS_TOKEN_TTL`. */
  readonly variable: string;
  /** What is wrong with it, without the variable's name. */
  readonly problem: string;

  constructor(variable: string, problem: string) {
    // One line whatever `problem` holds, so the message is safe to print as a single line.
    const line = problem.replace(/[\r\n]+/g, " ");
    super(`${variable}: ${line}`);
    this.name = "ConfigError";
    this.variable = variable;
    this.problem = line;
  }
}

/** The variable a value came from: `${name}_FILE` when that one is set, else `name`. */
const setBy = (name: string) => (env: Env) => (env[`${name}_FILE`] !== undefined ? `${name}_FILE` : name);
const previousKeysVariable = setBy("OAUTH_PREVIOUS_PRIVATE_KEYS");

/** Core option names (the prefix of its `TypeError` messages) and the variable that sets each. */
const variableOfOption: ReadonlyMap<string, (env: Env) => string> = new Map<string, (env: Env) => string>([
  ["issuer", () => "OAUTH_ISSUER"],
  ["audience", () => "OAUTH_AUDIENCE"],
  ["accessTokenTtl", () => "OAUTH_ACCESS_TOKEN_TTL"],
  ["signingKey", setBy("OAUTH_PRIVATE_KEY")],
  ["publishedKeys", previousKeysVariable],
]);

/** How the core names one of the `publishedKeys`, such as `publishedKeys[2]`: by its index. */
const publishedKey = /^publishedKeys\[([0-9]+)\]$/;

/**
 * Turns a start-up failure into a {@link ConfigError} naming the variable at fault: a
 * `ConfigError` as it is, and the `TypeError` that `@tessera/core` throws for an option set from
 * the environment — by `createAuthorizationServer` (say an `http` issuer that is not loopback) or
 * from `server.ready` (a key it cannot use, `signingKey: …`, or `publishedKeys[1]: …`, which
 * becomes `OAUTH_PREVIOUS_PRIVATE_KEYS: key 2: …`, counting from 1 as people do). Anything else
 * is a bug rather than a configuration mistake: `undefined`, so the caller rethrows it with its
 * stack.
 */
export function toConfigError(error: unknown, env: Env): ConfigError | undefined {
  if (error instanceof ConfigError) return error;
  if (!(error instanceof TypeError) || (error as { code?: unknown }).code !== "ERR_INVALID_ARG_VALUE") {
    return undefined;
  }
  const colon = error.message.indexOf(": ");
  if (colon === -1) return undefined;
  const name = error.message.slice(0, colon);
  const problem = error.message.slice(colon + 2);
  const index = publishedKey.exec(name)?.[1];
  if (index !== undefined) {
    return new ConfigError(previousKeysVariable(env), `key ${Number(index) + 1}: ${problem}`);
  }
  const variable = variableOfOption.get(name);
  return variable === undefined ? undefined : new ConfigError(variable(env), problem);
}
