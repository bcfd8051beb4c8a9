import type { IncomingMessage, Server, ServerResponse } from "node:http";
import { invalidOption, type ErrorHook } from "@tessera/core/adapter";

/**
 * The `shutdown` option of {@link createServer}: what the process does on a stop signal. Without
 * it (the default), the server installs no signal handler and the process dies as Node's default
 * has it, cutting every request in flight.
 */
export interface ShutdownOptions {
  /** The signals that start the shutdown; a repeated one changes nothing. @defaultValue `["SIGTERM", "SIGINT"]` */
  readonly signals?: readonly NodeJS.Signals[] | undefined;
  /**
   * Seconds from the signal to the exit: requests in flight have until then to finish, and then
   * `onClose`; past it the remaining connections are cut and the process exits all the same.
   * Keep it under the grace period of whatever sends the signal (Kubernetes'
   * `terminationGracePeriodSeconds`, 30 by default). Fractions allowed. @defaultValue 10
   */
  readonly timeout?: number | undefined;
  /** Awaited once the server has closed, before the process exits: close a database pool here. */
  readonly onClose?: (() => unknown) | undefined;
}

/**
 * Closes `server` gracefully and resolves once it has closed: it stops accepting connections,
 * closes idle keep-alive connections at once and every other one as soon as its response is sent
 * (a response not yet started says `Connection: close`), and cuts whatever is still open after
 * `timeout` seconds. For a server of {@link createServer} or {@link createListenerServer}, which
 * track their requests in flight; on another server, connections busy when it is called close
 * only when Node's keep-alive timeout ends them.
 */
export function closeGracefully(server: Server, timeout = 10): Promise<void> {
  if (typeof timeout !== "number" || !(timeout >= 0)) throw invalidOption("timeout", "must be a number of seconds, 0 or more");
  return new Promise((resolve) => {
    const cut = setTimeout(() => server.closeAllConnections(), timeout * 1000);
    cut.unref();
    closing.add(server);
    server.close(() => {
      clearTimeout(cut);
      resolve();
    });
    for (const response of inFlight.get(server) ?? []) closeAfter(server, response);
    server.closeIdleConnections();
  });
}

/** The servers being closed, and the responses in flight of each server that tracks them. */
const closing = new WeakSet<Server>();
const inFlight = new WeakMap<Server, Set<ServerResponse>>();

/** Keeps count of `server`'s responses in flight, so that {@link closeGracefully} can close their connections once they are sent. */
export function trackRequests(server: Server): void {
  const responses = new Set<ServerResponse>();
  inFlight.set(server, responses);
  server.on("request", (_req: IncomingMessage, res: ServerResponse) => {
    if (closing.has(server)) closeAfter(server, res);
    responses.add(res);
    res.once("close", () => responses.delete(res));
  });
}

/** The connection of `response` closes once it is sent: told so in its head if not yet written. */
function closeAfter(server: Server, response: ServerResponse): void {
  if (!response.headersSent) response.setHeader("connection", "close");
  response.once("finish", () => setImmediate(() => server.closeIdleConnections()));
}

/**
 * Installs the handlers of the `shutdown` option once `server` listens: on the first signal,
 * {@link closeGracefully}, then `onClose`, then `process.exit(0)`, all within `timeout`.
 */
export function handleShutdown(server: Server, options: ShutdownOptions | boolean | undefined, onError: ErrorHook): void {
  if (options === undefined || options === false) return;
  if (typeof options !== "object" && options !== true) throw invalidOption("shutdown", "expected true, false or { signals, timeout, onClose }");
  const { signals = ["SIGTERM", "SIGINT"], timeout = 10, onClose } = options === true ? {} : options;
  if (!Array.isArray(signals) || signals.some((signal) => typeof signal !== "string")) throw invalidOption("shutdown.signals", "expected an array of signal names");
  if (typeof timeout !== "number" || !(timeout >= 0)) throw invalidOption("shutdown.timeout", "must be a number of seconds, 0 or more");
  if (onClose !== undefined && typeof onClose !== "function") throw invalidOption("shutdown.onClose", "expected a function");
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    // The bound holds whatever hangs: a request, or onClose.
    setTimeout(() => process.exit(0), timeout * 1000 + 50).unref();
    void closeGracefully(server, timeout)
      .then(() => onClose?.())
      .catch((error: unknown) => onError(error, undefined))
      .then(() => process.exit(0));
  };
  server.once("listening", () => {
    for (const signal of signals) process.on(signal, stop);
  });
}
