/**
 * `@tessera/hono`: mount a Tessera authorization server on a Hono app, and protect routes with
 * bearer access tokens.
 *
 * @packageDocumentation
 */
export { tessera } from "./app.js";
export {
  introspectionHandler,
  jwksHandler,
  metadataHandler,
  revocationHandler,
  tokenHandler,
  type TesseraHandler,
} from "./handlers.js";
export {
  bearerAuth,
  requireScope,
  type BearerAuthOptions,
  type TesseraEnv,
  type TesseraVariables,
} from "./bearer-auth.js";
