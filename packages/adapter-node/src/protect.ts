import type { IncomingMessage, ServerResponse } from "node:http";
import { isScopeToken, OAuthError, type AccessTokenPrincipal, type ResourceServer } from "@tessera/core";
import type { RequestListener } from "./listener.js";
import { absoluteUrl } from "./request.js";
import { writeRefusal, writeResponse } from "./response.js";

/** A `node:http` handler that runs only for a request with a valid access token. */
export type ProtectedHandler = (
  req: IncomingMessage,
  res: ServerResponse,
  principal: AccessTokenPrincipal,
) => void | Promise<void>;

/** Options of {@link protect}. */
export interface ProtectOptions {
  /** Scopes the token must have (403 `insufficient_scope` otherwise). @defaultValue none */
  readonly scopes?: readonly string[] | undefined;
  /**
   * Told when the handler throws or rejects (answered with a bare 500 if nothing was sent yet,
   * else the connection is cut) and when a refusal cannot be written. Failures of the hook itself
   * are ignored. @defaultValue writes one short line naming the error's type with `console.error`
   */
  readonly onError?: ((error: unknown) => void) | undefined;
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
 * `Authorization` line counts, so two of them are refused as malformed. A request without a
 * usable `Host` gets the adapter's bare 400.
 *
 * Throws a `TypeError` naming the argument for a handler, resource server or scope that is not
 * usable.
 *
 * @example
 * ```ts
 * import { createServer } from "node:http";
 * import { createResourceServer } from "@tessera/core";
 * import { protect } from "@tessera/node";
 *
 * const resourceServer = createResourceServer({
 *   issuer: "https://auth.example.com",
 *   audience: "https://api.example.com",
 * });
 * createServer(
 *   protect(resourceServer, (req, res, principal) => {
 *     res.setHeader("content-type", "application/json");
 *     res.end(JSON.stringify({ hello: principal.clientId }));
 *   }, { scopes: ["invoices:read"] }),
 * ).listen(8080);
 * ```
 */
export function protect(
  resourceServer: ResourceServer,
  handler: ProtectedHandler,
  options: ProtectOptions = {},
): RequestListener {
  if (typeof resourceServer?.authorize !== "function") {
    throw invalidArgument("resourceServer", "expected a ResourceServer from createResourceServer()");
  }
  if (typeof handler !== "function") {
    throw invalidArgument("handler", "expected a function (req, res, principal) => void");
  }
  if (typeof options !== "object" || options === null) throw invalidArgument("options", "expected an object");
  const scopes = options.scopes ?? [];
  if (!Array.isArray(scopes) || !scopes.every((scope) => typeof scope === "string" && isScopeToken(scope))) {
    throw invalidArgument("scopes", "expected scope tokens (RFC 6749 §3.3), such as \"invoices:read\"");
  }
  const required = Object.freeze([...scopes]);
  const onError = options.onError ?? defaultOnError;
  if (typeof onError !== "function") throw invalidArgument("onError", "expected a function");

  function report(error: unknown): void {
    try {
      onError(error);
    } catch {
      // A failing hook must not turn one failed request into a crash.
    }
  }

  async function guard(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const request = headerRequest(req);
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
      report(error);
      writeRefusal(res, 500);
    });
  };
}

/**
 * The request as the resource server needs to see it: its URL and its `Authorization` lines,
 * as a body-less GET so nothing reads the body the handler is to read.
 */
function headerRequest(req: IncomingMessage): Request | undefined {
  const url = absoluteUrl(req);
  if (url === undefined) return undefined;
  const raw = req.rawHeaders;
  const headers: [string, string][] = [];
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i] as string;
    if (name.length === 13 && name.toLowerCase() === "authorization") headers.push([name, raw[i + 1] as string]);
  }
  try {
    return new Request(url, { headers });
  } catch {
    return undefined; // a value a Request cannot hold
  }
}

function defaultOnError(error: unknown): void {
  const kind = error instanceof Error ? error.name : typeof error;
  console.error(`@tessera/node: a protected handler failed (${kind}); pass onError to handle it.`);
}

/** A `TypeError` naming the argument a caller got wrong, with a stable `code`. */
function invalidArgument(name: string, problem: string): TypeError {
  const error = new TypeError(`${name}: ${problem}`);
  Object.defineProperty(error, "code", { value: "ERR_INVALID_ARG_VALUE", enumerable: true });
  return error;
}
