import type { AuthorizationServer } from "@tessera/core";
import { Hono } from "hono";
import type { Env } from "hono";
import { fetchHandler, introspectionHandler, jwksHandler, metadataHandler, revocationHandler, tokenHandler } from "./handlers.js";

/**
 * A Hono app with the server's endpoints at the server's own paths (`server.paths.token`,
 * `.revocation`, `.introspection`, `.metadata` and `.jwks`, and the health probes `.liveness` and
 * `.readiness` unless turned off). On `@hono/node-server`, each request's peer address is told
 * to the core, whose lockout counts failures per caller. Each is mounted for every method, so the
 * core's answers, its 405s included, stay authoritative; any other path is the app's to answer.
 *
 * The paths come from the issuer, so mount the app at the root. The core allows only literal
 * paths (no `*`, `:` or `%`), so each is an exact Hono route.
 *
 * @example
 * ```ts
 * import { Hono } from "hono";
 * import { createAuthorizationServer } from "@tessera/core";
 * import { tessera } from "@tessera/hono";
 *
 * const server = createAuthorizationServer({ … });
 * const app = new Hono();
 * app.route("/", tessera(server));
 * export default app;
 * ```
 */
export function tessera<E extends Env = Env>(server: AuthorizationServer): Hono<E> {
  const app = new Hono<E>();
  app.all(server.paths.token, tokenHandler<E>(server));
  app.all(server.paths.revocation, revocationHandler<E>(server));
  app.all(server.paths.introspection, introspectionHandler<E>(server));
  app.all(server.paths.metadata, metadataHandler<E>(server));
  app.all(server.paths.jwks, jwksHandler<E>(server));
  for (const probe of [server.paths.liveness, server.paths.readiness]) if (probe !== undefined) app.all(probe, fetchHandler<E>(server));
  return app;
}
