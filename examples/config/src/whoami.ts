import { OAuthError, type AccessTokenPrincipal, type ResourceServer } from "@tessera/core";
import type { RequestLog } from "./logging.js";

/** A fetch handler, as `Deno.serve`, `Bun.serve` and a Worker's `fetch` take it. */
export type FetchHandler = (request: Request) => Promise<Response>;

/**
 * The examples' demo protected resource on the core alone, for the runtimes whose servers take a
 * fetch handler (Deno, Bun, Workers): `GET /whoami` (and HEAD) answers what a valid bearer token
 * says of the caller — `{ client_id, scope, aud, exp }` — and anything else there gets the resource
 * server's RFC 6750 answer (401 with a `Bearer` challenge, 400, 403 or 503), rendered by
 * `OAuthError.toResponse()`. Every other request goes to `next`, the token server.
 *
 * With `log`, each of its answers is logged as the server's are.
 *
 * The Node and Hono examples guard the same route with their adapters' `authorize`.
 */
export function withWhoami(resourceServer: ResourceServer, next: FetchHandler, log?: RequestLog): FetchHandler {
  return (request) => (isWhoami(request) ? whoami(resourceServer, request, log) : next(request));
}

/** What `GET /whoami` answers about a verified token: its client, scopes, audience and expiry. */
export function whoamiBody({ clientId, scopes, claims, expiresAt }: AccessTokenPrincipal): Record<string, unknown> {
  return { client_id: clientId, scope: scopes.join(" "), aud: claims.aud, exp: expiresAt };
}

function isWhoami(request: Request): boolean {
  return (request.method === "GET" || request.method === "HEAD") && new URL(request.url).pathname === "/whoami";
}

async function whoami(resourceServer: ResourceServer, request: Request, log: RequestLog | undefined): Promise<Response> {
  const started = performance.now();
  let clientId: string | undefined;
  let response: Response;
  try {
    const principal = await resourceServer.authorize(request);
    clientId = principal.clientId;
    response = Response.json(whoamiBody(principal));
  } catch (error) {
    if (!(error instanceof OAuthError)) throw error;
    response = error.toResponse();
  }
  const { method, status } = { method: request.method, status: response.status };
  log?.request({ method, path: "/whoami", status, duration: (performance.now() - started) / 1000, clientId, request });
  return response;
}
