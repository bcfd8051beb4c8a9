/**
 * `@tessera/node`: serve a Tessera authorization server, or any fetch handler, from `node:http`.
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
