import { isScopeToken, OAuthError, type AccessTokenPrincipal, type ResourceServer } from "@tessera/core";
import type { MiddlewareHandler } from "hono";

/** The context variables {@link bearerAuth} sets: `c.get("principal")` after it. */
export type TesseraVariables = { principal: AccessTokenPrincipal };

/** The Hono environment of routes behind {@link bearerAuth}. */
export type TesseraEnv = { Variables: TesseraVariables };

/** Options of {@link bearerAuth}. */
export interface BearerAuthOptions {
  /** Scopes every request must have, checked after the token (403 `insufficient_scope`). @defaultValue none */
  readonly scopes?: readonly string[] | undefined;
}

/** The resource server that verified each principal, for {@link requireScope}'s challenge. */
const verifiedBy = new WeakMap<AccessTokenPrincipal, ResourceServer>();

/**
 * Hono middleware that lets a request through only with a valid bearer access token (and the
 * `scopes`, if given), and sets its principal as `c.get("principal")`. Every refusal is the
 * resource server's RFC 6750 answer, sent as it is: 401 with a bare `Bearer` challenge when there
 * is no token, 400 for a malformed request, 401 `invalid_token`, 403 `insufficient_scope`, or
 * 503 when the issuer's keys are out of reach.
 *
 * Where the token is looked for follows the resource server's options (the `Authorization`
 * header; the form body and query only if enabled). A body is read from a clone of the request,
 * so handlers can still read it.
 *
 * Throws a `TypeError` at creation for scopes that are not scope tokens (RFC 6749 §3.3).
 *
 * @example
 * ```ts
 * import { Hono } from "hono";
 * import { createResourceServer } from "@tessera/core";
 * import { bearerAuth, requireScope, type TesseraEnv } from "@tessera/hono";
 *
 * const resourceServer = createResourceServer({
 *   issuer: "https://auth.example.com",
 *   audience: "https://api.example.com",
 * });
 * const app = new Hono<TesseraEnv>();
 * app.use("/api/*", bearerAuth(resourceServer));
 * app.get("/api/invoices", requireScope("invoices:read"), (c) =>
 *   c.json({ for: c.get("principal").clientId }),
 * );
 * ```
 */
export function bearerAuth(resourceServer: ResourceServer, options: BearerAuthOptions = {}): MiddlewareHandler<TesseraEnv> {
  if (typeof resourceServer?.authorize !== "function") {
    throw invalidArgument("resourceServer", "expected a ResourceServer from createResourceServer()");
  }
  const scopes = checkScopes(options.scopes ?? []);
  return async (c, next) => {
    let principal: AccessTokenPrincipal;
    try {
      principal = await resourceServer.authorize(c.req.raw, scopes);
    } catch (error) {
      if (error instanceof OAuthError) return error.toResponse();
      throw error;
    }
    verifiedBy.set(principal, resourceServer);
    c.set("principal", principal);
    await next();
  };
}

/**
 * Hono middleware for a route behind {@link bearerAuth}: lets the request through only if its
 * principal has every one of `scopes`, else answers 403 `insufficient_scope` with the scopes in
 * the challenge (RFC 6750 §3.1).
 *
 * Throws a `TypeError` at creation for scopes that are not scope tokens. A request that reaches
 * it without `bearerAuth` before it is a mistake in the app: it throws, and Hono answers 500.
 *
 * @example
 * ```ts
 * app.use("/api/*", bearerAuth(resourceServer));
 * app.delete("/api/invoices/:id", requireScope("invoices:write"), (c) => c.body(null, 204));
 * ```
 */
export function requireScope(...scopes: string[]): MiddlewareHandler<TesseraEnv> {
  const required = checkScopes(scopes);
  return async (c, next) => {
    const principal = c.get("principal") as AccessTokenPrincipal | undefined;
    const resourceServer = principal === undefined ? undefined : verifiedBy.get(principal);
    if (principal === undefined || resourceServer === undefined) {
      throw new Error("requireScope: mount bearerAuth(resourceServer) before it");
    }
    try {
      resourceServer.requireScopes(principal, required);
    } catch (error) {
      if (error instanceof OAuthError) return error.toResponse();
      throw error;
    }
    await next();
  };
}

function checkScopes(scopes: readonly string[]): readonly string[] {
  if (!Array.isArray(scopes) || !scopes.every((scope) => typeof scope === "string" && isScopeToken(scope))) {
    throw invalidArgument("scopes", "expected scope tokens (RFC 6749 §3.3), such as \"invoices:read\"");
  }
  return Object.freeze([...scopes]);
}

/** A `TypeError` naming the argument a caller got wrong, with a stable `code`. */
function invalidArgument(name: string, problem: string): TypeError {
  const error = new TypeError(`${name}: ${problem}`);
  Object.defineProperty(error, "code", { value: "ERR_INVALID_ARG_VALUE", enumerable: true });
  return error;
}
