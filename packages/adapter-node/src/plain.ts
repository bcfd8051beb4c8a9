/**
 * The plain entry point of a Tessera authorization server, as this adapter uses it: the core's
 * `fetch` carries, under a registered symbol, the same routing on plain data, so that a request
 * need not become a `Request`, nor the answer a `Response` read back as a stream. On Node 20
 * those two objects cost more main-thread CPU than everything the core does for a token besides
 * the signature. The shapes are the core's (`packages/core/src/lib/exchange.ts`); they are
 * restated here because they are not part of the core's public API.
 */

/** A request taken apart: everything `new Request` would check is already checked. */
export interface PlainRequest {
  readonly method: string;
  /** The absolute URL, serialised as `Request.url` would be. */
  readonly url: string;
  readonly headers: Headers;
  /** The whole body, already read; `undefined` for none. */
  readonly body: Uint8Array | undefined;
  /** Called with the `Request` the core makes from this one when a hook needs one. */
  readonly onRequest?: ((request: Request) => void) | undefined;
}

/** An answer before it is a `Response`: names in lower case, no `Content-Length`, a text body. */
export interface PlainResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string | null;
}

export type PlainHandler = (request: PlainRequest) => Promise<PlainResponse>;

const plainHandlerKey = Symbol.for("@tessera/core.plainHandler");

/** The plain entry point of `handler`, when it is a Tessera server's `fetch`; else `undefined`. */
export function plainHandlerOf(handler: (request: Request) => unknown): PlainHandler | undefined {
  const plain = (handler as { [plainHandlerKey]?: unknown })[plainHandlerKey];
  return typeof plain === "function" ? (plain as PlainHandler) : undefined;
}
