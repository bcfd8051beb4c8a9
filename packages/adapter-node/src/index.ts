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
} from "./listener.js";
export { protect, type ProtectedHandler, type ProtectOptions } from "./protect.js";
