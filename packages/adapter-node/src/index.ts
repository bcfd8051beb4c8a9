/**
 * `@tessera/node`: serve a Tessera authorization server, or any fetch handler, from `node:http`,
 * and guard `node:http` handlers with bearer access tokens.
 *
 * @packageDocumentation
 */
export {
  createRequestListener,
  createServer,
  type FetchHandler,
  type RequestListener,
  type RequestListenerOptions,
  type ServerOptions,
} from "./listener.js";
export { clientAddress } from "./client-address.js";
export { protect, type ProtectedHandler, type ProtectOptions } from "./protect.js";
