/**
 * The exit codes of `tessera`, documented in its README and `--help`:
 * - `0`: done;
 * - `1`: failed: a configuration mistake (`OAUTH_DATABASE_URL`, the server's environment), the
 *   database (out of reach, not migrated), or anything else, said in one line;
 * - `2`: a usage mistake: an unknown command or option, a missing or invalid argument;
 * - `3`: no client has that `client_id`;
 * - `4`: a client with that `client_id` exists already (`clients create`).
 */
export const exitCodes = Object.freeze({
  done: 0,
  failed: 1,
  usage: 2,
  notFound: 3,
  exists: 4,
});

/** One of {@link exitCodes}. */
export type ExitCode = (typeof exitCodes)[keyof typeof exitCodes];

/**
 * A failure that `tessera` reports as one line, `error: <message>`, without a stack trace, and
 * exits with `exitCode`. Its message never holds a secret or a connection string.
 */
export class CliError extends Error {
  override readonly name = "CliError";
  readonly exitCode: ExitCode;

  constructor(exitCode: ExitCode, message: string) {
    super(message.replace(/[\r\n]+/g, " "));
    this.exitCode = exitCode;
  }
}

/** A usage mistake (exit code 2); the line ends with where to find the usage. */
export function usageError(problem: string, command: string): CliError {
  return new CliError(exitCodes.usage, `${problem} (see \`${["tessera", command, "--help"].filter(Boolean).join(" ")}\`)`);
}
