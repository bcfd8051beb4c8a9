import type { AuthorizationServer } from "@tessera/core";
import { setPeerAddress } from "@tessera/core/adapter";
import type { Context, Env, Handler } from "hono";
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
  return (c) => server.respondToTokenRequest(sent(c));
}

/** The revocation endpoint (RFC 7009 §2) as a Hono handler. See {@link tokenHandler}. */
export function revocationHandler<E extends Env = Env>(server: AuthorizationServer): TesseraHandler<E> {
  return (c) => server.respondToRevocationRequest(sent(c));
}

/** The introspection endpoint (RFC 7662 §2) as a Hono handler. See {@link tokenHandler}. */
export function introspectionHandler<E extends Env = Env>(server: AuthorizationServer): TesseraHandler<E> {
  return (c) => server.respondToIntrospectionRequest(sent(c));
}

/** The RFC 8414 metadata document as a Hono handler. See {@link tokenHandler}. */
export function metadataHandler<E extends Env = Env>(server: AuthorizationServer): TesseraHandler<E> {
  return (c) => server.respondToMetadataRequest(sent(c));
}

/** The JWK Set (RFC 7517 §5) as a Hono handler. See {@link tokenHandler}. */
export function jwksHandler<E extends Env = Env>(server: AuthorizationServer): TesseraHandler<E> {
  return (c) => server.respondToJwksRequest(sent(c));
}

/** The probes (`server.paths.liveness`, `.readiness`) and any other path of the server, as a Hono handler. */
export function fetchHandler<E extends Env = Env>(server: AuthorizationServer): TesseraHandler<E> {
  return (c) => server.fetch(sent(c));
}

/**
 * The raw `Request`, its peer's address told to the core for the lockout: the socket's
 * `remoteAddress` on `@hono/node-server`, whose `c.env.incoming` is Node's request. On another
 * runtime, tell it yourself (`setPeerAddress` of `@tessera/core/adapter`) before the handler runs.
 */
function sent(c: Context): Request {
  const address = (c.env as { incoming?: { socket?: { remoteAddress?: unknown } } } | undefined)?.incoming?.socket?.remoteAddress;
  if (typeof address === "string") setPeerAddress(c.req.raw, address);
  return c.req.raw;
}
