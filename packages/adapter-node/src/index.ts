/**
 * `@tessera/node`: serve a Tessera authorization server, or any fetch handler, from `node:http`,
 * and guard `node:http` handlers with access tokens.
 *
 * @packageDocumentation
 */
export { createListenerServer, createRequestListener, createServer, type FetchHandler, type RequestListener } from "./listener.js";
export { closeGracefully, type ShutdownOptions } from "./shutdown.js";
export type { RequestListenerOptions, ServerOptions } from "./options.js";
export { clientAddress } from "./client-address.js";
export { authorize, type AuthorizedHandler, type AuthorizeOptions } from "./authorize.js";
export { authorizationRequest, sendResponse } from "./authorization-request.js";
