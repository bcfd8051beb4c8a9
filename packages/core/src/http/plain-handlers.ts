import type { PlainHandler } from "./exchange.js";

/** A fetch handler's plain entry point, and what an adapter needs to know to feed it. */
export interface PlainEntryPoint {
  /** Answers a request on plain data exactly as the fetch handler answers it as a `Request`. */
  readonly handle: PlainHandler;
  /**
   * The largest body the handler reads, in bytes; a larger one it refuses with 413. An adapter
   * need not buffer more than this before handing a request over.
   */
  readonly maxBodyBytes: number;
}

/** The plain entry point of each fetch handler that has one, by the handler. */
const entryPoints = new WeakMap<object, PlainEntryPoint>();

/**
 * Records that `fetch` answers exactly as `entryPoint.handle` does on plain data, so that runtime
 * adapters call that instead. The core does this for every `server.fetch`.
 */
export function registerPlainEntryPoint(fetch: (request: Request) => Promise<Response>, entryPoint: PlainEntryPoint): void {
  entryPoints.set(fetch, Object.freeze({ ...entryPoint }));
}

/**
 * The plain entry point of a fetch handler: for `server.fetch` of a Tessera authorization server,
 * the same routing on plain data and the server's body limit; `undefined` for any other handler,
 * which an adapter then calls with a `Request`.
 */
export function plainEntryPointOf(handler: (request: Request) => unknown): PlainEntryPoint | undefined {
  return entryPoints.get(handler);
}
