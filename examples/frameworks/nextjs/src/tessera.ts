/**
 * Recipe: Tessera in a Next.js 16 app (App Router). This module makes the authorization server
 * and the resource server; the route handlers under app/ serve the endpoints
 * at `server.paths` and check tokens, and proxy.ts (Next.js 16's name for middleware) refuses a
 * request to /api/* without a valid token before any route runs.
 *
 * Configured from the environment: OAUTH_ISSUER, OAUTH_AUDIENCE, OAUTH_PRIVATE_KEY (PKCS#8 PEM)
 * and OAUTH_CLIENTS (a JSON array of `ClientRegistration`s).
 */
import {
  clientCredentialsGrant,
  createAuthorizationServer,
  createResourceServer,
  InMemoryClientRepository,
  MemoryStore,
} from "@tessera/core";

function setting(name: string): string {
  const value = process.env[name];
  if (value === undefined) throw new Error(`${name} is not set`);
  return value;
}

// Revocations, shared by the two servers. Next.js loads this module once for the route handlers
// and once for proxy.ts, each with its own copy: in production, a database shared by every copy
// (a PostgresStore, checked through a RevocationSet; see "Running several instances").
const revocations = new MemoryStore();

export const server = createAuthorizationServer({
  issuer: setting("OAUTH_ISSUER"),
  audience: setting("OAUTH_AUDIENCE"),
  clients: new InMemoryClientRepository(JSON.parse(setting("OAUTH_CLIENTS"))),
  signingKey: setting("OAUTH_PRIVATE_KEY"), // one key for every copy: a key made here would differ in each
  revocations,
  grants: [clientCredentialsGrant()],
});

export const resourceServer = createResourceServer({
  issuer: server.issuer,
  audience: setting("OAUTH_AUDIENCE"),
  keys: server.keys,
  revocations,
});
