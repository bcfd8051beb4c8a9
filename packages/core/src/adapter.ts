/**
 * `@tessera/core/adapter`: the protocol between the core and a runtime adapter (such as
 * `@tessera/node`), and what every adapter needs of the core for its own options.
 *
 * An adapter translates its runtime's requests for a fetch handler and decides nothing about
 * OAuth. A fetch handler from the core (`server.fetch`) can also be called on plain data, without
 * making a WHATWG `Request` or reading a `Response`: {@link plainEntryPointOf} returns that entry
 * point, which takes a {@link PlainRequest} (the adapter has checked what `new Request` would
 * check) and answers a {@link PlainResponse}, and tells the largest body the server reads, so the
 * adapter buffers no more. The answers are the same either way. Any other fetch handler may offer
 * the same with {@link registerPlainEntryPoint}. An adapter tells the core who sent each request
 * with {@link setPeerAddress} (or `PlainRequest.peerAddress`): the lockout counts failures per peer.
 *
 * @packageDocumentation
 */
export type { Defer, PlainHandler, PlainRequest, PlainResponse } from "./http/exchange.js";
export { plainEntryPointOf, registerPlainEntryPoint, type PlainEntryPoint } from "./http/plain-handlers.js";
export { peerAddress, setPeerAddress } from "./http/peer-address.js";
export { invalidOption } from "./lib/checks.js";
export { safeErrorHook, type ErrorHook } from "./protocol/faults.js";
export { checkScopes } from "./protocol/scopes.js";
