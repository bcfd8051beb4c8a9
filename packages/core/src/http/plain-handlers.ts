import type { PlainHandler } from "./exchange.js";

/** The plain entry point of each fetch handler that has one, by the handler. */
const plainHandlers = new WeakMap<object, PlainHandler>();

/**
 * Records that `fetch` answers exactly as `plain` does, on plain data, so that runtime adapters
 * call `plain` instead. The core does this for every `server.fetch`.
 */
export function registerPlainHandler(fetch: (request: Request) => Promise<Response>, plain: PlainHandler): void {
  plainHandlers.set(fetch, plain);
}

/**
 * The plain entry point of a fetch handler: for `server.fetch` of a Tessera authorization server,
 * the same routing on plain data; `undefined` for any other handler, which an adapter then calls
 * with a `Request`.
 */
export function plainHandlerOf(handler: (request: Request) => unknown): PlainHandler | undefined {
  return plainHandlers.get(handler);
}
