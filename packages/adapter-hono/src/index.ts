/**
 * `@tessera/hono`: mount a Tessera authorization server on a Hono app, and protect routes with
 * access tokens.
 *
 * @packageDocumentation
 */
export { tessera } from "./app.js";
export {
  fetchHandler,
  introspectionHandler,
  jwksHandler,
  metadataHandler,
  revocationHandler,
  tokenHandler,
  type TesseraHandler,
} from "./handlers.js";
export { authorize, requireScopes, type AuthorizeOptions, type TesseraEnv, type TesseraVariables } from "./authorize.js";
