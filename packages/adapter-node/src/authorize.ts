import type { IncomingMessage, ServerResponse } from "node:http";
import { OAuthError, type AccessTokenPrincipal, type ErrorHook, type ResourceServer } from "@tessera/core";
import { checkScopes, invalidOption, safeErrorHook } from "@tessera/core/adapter";
import type { RequestListener } from "./listener.js";
import { authorizationRequest } from "./authorization-request.js";
import { writeRefusal, writeResponse } from "./response.js";

/**
 * A `node:http` handler that runs only for a request with a valid access token. What it returns
 * is ignored, but a returned promise is awaited and its rejection handled.
 */
export type AuthorizedHandler = (req: IncomingMessage, res: ServerResponse, principal: AccessTokenPrincipal) => unknown;

/** Options of {@link authorize}. */
export interface AuthorizeOptions {
  /** Scopes the token must have (403 `insufficient_scope` otherwise). @defaultValue none */
  readonly scopes?: readonly string[] | undefined;
  /**
   * The most header fields a request may carry; more are answered 431, so that no
   * `Authorization` line can hide past `node:http`'s own count limit, which drops the rest
   * silently. Keep the server's `maxHeadersCount` above it ({@link createServer} does).
   * @defaultValue 256
   */
  readonly maxHeaderCount?: number | undefined;
  /**
   * Told when the handler throws or rejects (answered with a bare 500 if nothing was sent yet,
   * else the connection is cut) and when a refusal cannot be written. Failures of the hook itself
   * are ignored. @defaultValue writes one line naming the error's type (not its message) with `console.error`
   */
  readonly onError?: ErrorHook | undefined;
}

/**
 * Guards a `node:http` handler with bearer access tokens: returns a request listener that calls
 * `handler(req, res, principal)` only when the request carries a valid token with the `scopes`,
 * and otherwise writes the resource server's RFC 6750 answer (401 with a bare `Bearer`
 * challenge without a token, 400 for a malformed one, 401 `invalid_token`, 403
 * `insufficient_scope`, 503 when the issuer's keys are out of reach).
 *
 * The token is taken from the `Authorization` header only (and from the query if the resource
 * server allows it), never from the body: the body is left unread for the handler. Every
 * `Authorization` line counts, so two of them are refused as malformed. A DPoP-bound token
 * (`Authorization: DPoP`, RFC 9449 §7.1) is checked with the `DPoP` header's proof against the
 * request's method and its URL as `http(s)://Host/path`. A request without a usable `Host` gets
 * the adapter's bare 400.
 *
 * Throws a `TypeError` naming the argument for a handler, resource server or scope that is not
 * usable.
 *
 * @example
 * ```ts
 * import { createServer } from "node:http";
 * import { createResourceServer } from "@tessera/core";
 * import { authorize } from "@tessera/node";
 *
 * const resourceServer = createResourceServer({
 *   issuer: "https://auth.example.com",
 *   audience: "https://api.example.com",
 * });
 * createServer(
 *   authorize(resourceServer, (req, res, principal) => {
 *     res.setHeader("content-type", "application/json");
 *     res.end(JSON.stringify({ hello: principal.clientId }));
 *   }, { scopes: ["invoices:read"] }),
 * ).listen(8080);
 * ```
 */
export function authorize(
  resourceServer: ResourceServer,
  handler: AuthorizedHandler,
  options: AuthorizeOptions = {},
): RequestListener {
  if (typeof resourceServer?.authorize !== "function") {
    throw invalidOption("resourceServer", "expected a ResourceServer from createResourceServer()");
  }
  if (typeof handler !== "function") throw invalidOption("handler", "expected a function (req, res, principal) => void");
  if (typeof options !== "object" || options === null) throw invalidOption("options", "expected an object");
  const required = checkScopes(options.scopes ?? []);
  const maxHeaderCount = options.maxHeaderCount ?? 256;
  if (!Number.isSafeInteger(maxHeaderCount) || maxHeaderCount <= 0) {
    throw invalidOption("maxHeaderCount", "must be a positive whole number");
  }
  if (options.onError !== undefined && typeof options.onError !== "function") {
    throw invalidOption("onError", "expected a function (error, request) => void");
  }
  const onError = safeErrorHook(options.onError, "@tessera/node: an authorized handler");

  async function guard(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.rawHeaders.length > 2 * maxHeaderCount) {
      writeRefusal(res, 431);
      return;
    }
    const request = authorizationRequest(req);
    if (request === undefined) {
      writeRefusal(res, 400);
      return;
    }
    let principal: AccessTokenPrincipal;
    try {
      principal = await resourceServer.authorize(request, required);
    } catch (error) {
      if (!(error instanceof OAuthError)) throw error;
      await writeResponse(error.toResponse(), res, req.method === "HEAD");
      return;
    }
    await handler(req, res, principal);
  }

  return (req, res) => {
    guard(req, res).catch((error: unknown) => {
      onError(error, undefined);
      writeRefusal(res, 500);
    });
  };
}
