/**
 * The plain entry point of a Tessera authorization server, as this adapter uses it: the core's
 * `fetch` carries, under a registered symbol, the same routing on plain data, so that a request
 * need not become a `Request`, nor the answer a `Response` read back as a stream. On Node 20
 * those two objects cost more main-thread CPU than everything the core does for a token besides
 * the signature. The shapes are the core's (`packages/core/src/lib/exchange.ts`), exported as
 * types for adapters only.
 */
import type { PlainHandler } from "@tessera/core";

export type { PlainHandler, PlainRequest, PlainResponse } from "@tessera/core";

const plainHandlerKey = Symbol.for("@tessera/core.plainHandler");

/** The plain entry point of `handler`, when it is a Tessera server's `fetch`; else `undefined`. */
export function plainHandlerOf(handler: (request: Request) => unknown): PlainHandler | undefined {
  const plain = (handler as { [plainHandlerKey]?: unknown })[plainHandlerKey];
  return typeof plain === "function" ? (plain as PlainHandler) : undefined;
}
