import type { AuthorizationServer } from "@tessera/core";
import type { Env, Handler } from "hono";
import type { BlankInput } from "hono/types";

/**
 * A Hono handler that answers with the Tessera server itself: it passes the raw `Request` on
 * and returns the core's `Response` as it is, status, headers and OAuth errors included.
 */
export type TesseraHandler<E extends Env = Env> = Handler<E, string, BlankInput, Promise<Response>>;

/**
 * The token endpoint (RFC 6749 §3.2) as a Hono handler, for mounting on a route of your own.
 * Mount it for every method (`app.all`) so the core's 405 stays the answer to a GET.
 *
 * @example
 * ```ts
 * app.all("/oauth/token", tokenHandler(server));
 * ```
 */
export function tokenHandler<E extends Env = Env>(server: AuthorizationServer): TesseraHandler<E> {
  return (c) => server.respondToTokenRequest(c.req.raw);
}

/** The revocation endpoint (RFC 7009 §2) as a Hono handler. See {@link tokenHandler}. */
export function revocationHandler<E extends Env = Env>(server: AuthorizationServer): TesseraHandler<E> {
  return (c) => server.respondToRevocationRequest(c.req.raw);
}

/** The introspection endpoint (RFC 7662 §2) as a Hono handler. See {@link tokenHandler}. */
export function introspectionHandler<E extends Env = Env>(server: AuthorizationServer): TesseraHandler<E> {
  return (c) => server.respondToIntrospectionRequest(c.req.raw);
}

/** The RFC 8414 metadata document as a Hono handler. See {@link tokenHandler}. */
export function metadataHandler<E extends Env = Env>(server: AuthorizationServer): TesseraHandler<E> {
  return (c) => server.respondToMetadataRequest(c.req.raw);
}

/** The JWK Set (RFC 7517 §5) as a Hono handler. See {@link tokenHandler}. */
export function jwksHandler<E extends Env = Env>(server: AuthorizationServer): TesseraHandler<E> {
  return (c) => server.respondToJwksRequest(c.req.raw);
}
