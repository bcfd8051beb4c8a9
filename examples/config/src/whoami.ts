import { OAuthError, type AccessTokenPrincipal, type ResourceServer } from "@tessera/core";

/** A fetch handler, as `Deno.serve`, `Bun.serve` and a Worker's `fetch` take it. */
export type FetchHandler = (request: Request) => Promise<Response>;

/**
 * The examples' demo protected resource on the core alone, for the runtimes whose servers take a
 * fetch handler (Deno, Bun, Workers): `GET /whoami` (and HEAD) answers what a valid bearer token
 * says of the caller — `{ client_id, scope, aud, exp }` — and anything else there gets the resource
 * server's RFC 6750 answer (401 with a `Bearer` challenge, 400, 403 or 503), rendered by
 * `OAuthError.toResponse()`. Every other request goes to `next`, the token server.
 *
 * The Node and Hono examples guard the same route with their adapters' `authorize`.
 */
export function withWhoami(resourceServer: ResourceServer, next: FetchHandler): FetchHandler {
  return (request) => (isWhoami(request) ? whoami(resourceServer, request) : next(request));
}

/** What `GET /whoami` answers about a verified token: its client, scopes, audience and expiry. */
export function whoamiBody({ clientId, scopes, claims, expiresAt }: AccessTokenPrincipal): Record<string, unknown> {
  return { client_id: clientId, scope: scopes.join(" "), aud: claims.aud, exp: expiresAt };
}

function isWhoami(request: Request): boolean {
  return (request.method === "GET" || request.method === "HEAD") && new URL(request.url).pathname === "/whoami";
}

async function whoami(resourceServer: ResourceServer, request: Request): Promise<Response> {
  try {
    return Response.json(whoamiBody(await resourceServer.authorize(request)));
  } catch (error) {
    if (error instanceof OAuthError) return error.toResponse();
    throw error;
  }
}
