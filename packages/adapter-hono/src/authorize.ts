import { OAuthError, type AccessTokenPrincipal, type ResourceServer } from "@tessera/core";
import { checkScopes, invalidOption } from "@tessera/core/adapter";
import type { MiddlewareHandler } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";

/**
 * The context variables {@link authorize} sets: `c.get("principal")`, what the access token says
 * about the caller, and `c.get("resourceServer")`, the resource server that verified it.
 */
export type TesseraVariables = { principal: AccessTokenPrincipal; resourceServer: ResourceServer };

/** The Hono environment of routes behind {@link authorize}. */
export type TesseraEnv = { Variables: TesseraVariables };

/** Options of {@link authorize}. */
export interface AuthorizeOptions {
  /** Scopes every request must have, checked after the token (403 `insufficient_scope`). @defaultValue none */
  readonly scopes?: readonly string[] | undefined;
}

/**
 * The OAuth error as Hono's `HTTPException`, carrying the resource server's RFC 6750 response as
 * it is: the app's `onError` sees it (as `err.cause`, the `OAuthError`), and Hono's default
 * error handling sends `err.getResponse()`.
 */
function rejection(error: OAuthError): HTTPException {
  return new HTTPException(error.status as ContentfulStatusCode, { res: error.toResponse(), cause: error });
}

/**
 * Hono middleware that lets a request through only with a valid access token (and the `scopes`,
 * if given), and sets its principal as `c.get("principal")`. Every refusal is thrown as an
 * `HTTPException` whose response is the resource server's RFC 6750 answer: 401 with a bare
 * `Bearer` challenge when there is no token, 400 for a malformed request, 401 `invalid_token`,
 * 403 `insufficient_scope`, or 503 when the issuer's keys are out of reach.
 *
 * Where the token is looked for follows the resource server's options (the `Authorization`
 * header; the form body and query only if enabled). A DPoP-bound token (`Authorization: DPoP`,
 * RFC 9449 §7.1) is checked with the `DPoP` header's proof against the request's method and URL
 * (`c.req.raw`); refusals then carry a `DPoP` challenge. A body is read from a clone of the
 * request, so handlers can still read it.
 *
 * Throws a `TypeError` at creation for scopes that are not scope tokens (RFC 6749 §3.3).
 *
 * @example
 * ```ts
 * import { Hono } from "hono";
 * import { createResourceServer } from "@tessera/core";
 * import { authorize, requireScopes, type TesseraEnv } from "@tessera/hono";
 *
 * const resourceServer = createResourceServer({
 *   issuer: "https://auth.example.com",
 *   audience: "https://api.example.com",
 * });
 * const app = new Hono<TesseraEnv>();
 * app.use("/api/*", authorize(resourceServer));
 * app.get("/api/invoices", requireScopes("invoices:read"), (c) =>
 *   c.json({ for: c.get("principal").clientId }),
 * );
 * ```
 */
export function authorize(resourceServer: ResourceServer, options: AuthorizeOptions = {}): MiddlewareHandler<TesseraEnv> {
  if (typeof resourceServer?.authorize !== "function") {
    throw invalidOption("resourceServer", "expected a ResourceServer from createResourceServer()");
  }
  const scopes = checkScopes(options.scopes ?? []);
  return async (c, next) => {
    let principal: AccessTokenPrincipal;
    try {
      principal = await resourceServer.authorize(c.req.raw, scopes);
    } catch (error) {
      if (error instanceof OAuthError) throw rejection(error);
      throw error;
    }
    c.set("principal", principal);
    c.set("resourceServer", resourceServer);
    await next();
  };
}

/**
 * Hono middleware for a route behind {@link authorize}: lets the request through only if its
 * principal has every one of `scopes`, else throws 403 `insufficient_scope` with the scopes in
 * the challenge (RFC 6750 §3.1), as an `HTTPException`.
 *
 * Throws a `TypeError` at creation for scopes that are not scope tokens. A request that reaches
 * it without `authorize` before it is a mistake in the app: it throws, and Hono answers 500.
 *
 * @example
 * ```ts
 * app.use("/api/*", authorize(resourceServer));
 * app.delete("/api/invoices/:id", requireScopes("invoices:write"), (c) => c.body(null, 204));
 * ```
 */
export function requireScopes(...scopes: string[]): MiddlewareHandler<TesseraEnv> {
  const required = checkScopes(scopes);
  return async (c, next) => {
    const principal = c.get("principal") as AccessTokenPrincipal | undefined;
    const resourceServer = c.get("resourceServer") as ResourceServer | undefined;
    if (principal === undefined || resourceServer === undefined) {
      throw new Error("requireScopes: mount authorize(resourceServer) before it");
    }
    try {
      resourceServer.requireScopes(principal, required);
    } catch (error) {
      if (error instanceof OAuthError) throw rejection(error);
      throw error;
    }
    await next();
  };
}
