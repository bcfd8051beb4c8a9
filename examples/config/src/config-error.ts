import type { Env } from "./env.js";

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

/** Core option names (the prefix of its `TypeError` messages) and the variable that sets each. */
const variableOfOption: ReadonlyMap<string, (env: Env) => string> = new Map<string, (env: Env) => string>([
  ["issuer", () => "OAUTH_ISSUER"],
  ["audience", () => "OAUTH_AUDIENCE"],
  ["accessTokenTtl", () => "OAUTH_ACCESS_TOKEN_TTL"],
  ["signingKey", (env) => (env.OAUTH_PRIVATE_KEY_FILE !== undefined ? "OAUTH_PRIVATE_KEY_FILE" : "OAUTH_PRIVATE_KEY")],
]);

/**
 * Turns a start-up failure into a {@link ConfigError} naming the variable at fault: a
 * `ConfigError` as it is, and the `TypeError` that `@tessera/core` throws for an option set from
 * the environment — by `createAuthorizationServer` (say an `http` issuer that is not loopback) or
 * from `server.ready` (a key it cannot use, `signingKey: …`). Anything else is a bug rather than a
 * configuration mistake: `undefined`, so the caller rethrows it with its stack.
 */
export function toConfigError(error: unknown, env: Env): ConfigError | undefined {
  if (error instanceof ConfigError) return error;
  if (!(error instanceof TypeError) || (error as { code?: unknown }).code !== "ERR_INVALID_ARG_VALUE") {
    return undefined;
  }
  const colon = error.message.indexOf(": ");
  const variable = variableOfOption.get(error.message.slice(0, colon));
  if (colon === -1 || variable === undefined) return undefined;
  return new ConfigError(variable(env), error.message.slice(colon + 2));
}
