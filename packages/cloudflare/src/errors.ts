import { TemporarilyUnavailableError } from "@tessera/core";

/** Errors that say a statement or its input is wrong: passed on as they are, not as outages. */
const statementErrors = /SQLITE_(ERROR|CONSTRAINT|MISMATCH|RANGE|TOOBIG)|no such (table|column)|syntax error/i;

/**
 * `error` as a store throws it. A `TypeError` (a caller's mistake) and a SQL error (a bug) stay
 * as they are; anything else from the binding (D1 or a Durable Object out of reach, overloaded,
 * reset) becomes a {@link TemporarilyUnavailableError} with a fixed message and `error` as cause.
 */
export function toStoreError(error: unknown, what: "D1" | "the Durable Object"): unknown {
  if (error instanceof TypeError) return error;
  const message = error instanceof Error ? error.message : String(error);
  if (statementErrors.test(message)) return error;
  return new TemporarilyUnavailableError(`${what} is out of reach`, { retryAfter: 1, cause: error });
}
