import { TemporarilyUnavailableError } from "@tessera/core";

/** Error codes of Node's sockets and of postgres.js for a connection that failed or went away. */
const connectionCodes: ReadonlySet<string> = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ECONNABORTED",
  "EPIPE",
  "ETIMEDOUT",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "CONNECTION_CLOSED",
  "CONNECTION_ENDED",
  "CONNECTION_DESTROYED",
  "CONNECT_TIMEOUT",
]);

/**
 * SQLSTATEs of a server that cannot serve now: class 08 (connection exception), shutdowns and
 * start-up (57P01–57P03), and too many connections (53300).
 */
const unavailableStates = /^(08...|57P0[123]|53300)$/;

/** node-postgres reports these without a code. */
const connectionMessages = /Connection terminated|timeout exceeded when trying to connect|not queryable|connection error/i;

/** Whether `error` says that the database is out of reach, rather than that a statement failed. */
export function isUnavailable(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (typeof code === "string" && (connectionCodes.has(code) || unavailableStates.test(code))) return true;
  return typeof message === "string" && connectionMessages.test(message);
}

/**
 * `error` as a store throws it: a {@link TemporarilyUnavailableError} with a fixed message (never
 * the connection string or password) and the driver's error as its cause when the database is out
 * of reach; anything else as it is.
 */
export function toStoreError(error: unknown): unknown {
  if (!isUnavailable(error)) return error;
  return new TemporarilyUnavailableError("PostgreSQL is out of reach", { retryAfter: 1, cause: error });
}

/** The error of a statement that did not answer within the store's `timeout`: an outage too. */
export function notAnsweredInTime(): TemporarilyUnavailableError {
  return new TemporarilyUnavailableError("PostgreSQL did not answer in time", { retryAfter: 1 });
}
