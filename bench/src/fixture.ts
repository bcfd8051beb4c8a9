import {
  clientCredentialsGrant,
  createAuthorizationServer,
  InMemoryClientRepository,
  InMemoryScopeRepository,
  type AuthorizationServer,
} from "@tessera/core";
import { basicAuthorization, generateTestSigningKey } from "@tessera/core/testing";

/** The issuer of the bench server. Requests go to 127.0.0.1; the core does not read the Host. */
export const issuer = "http://localhost";

/** The one client the bench server knows. */
export const benchClient = { clientId: "bench", clientSecret: "bench-secret-0123456789abcdef", scopes: ["read"] } as const;

/** The token request every target is driven with: client credentials, client_secret_basic. */
export const tokenRequest = {
  method: "POST",
  path: "/token",
  headers: {
    "content-type": "application/x-www-form-urlencoded",
    authorization: basicAuthorization(benchClient.clientId, benchClient.clientSecret),
  },
  body: "grant_type=client_credentials&scope=read",
} as const;

/**
 * The server every target serves: the same core configuration, an RS256 key (RSA-2048) made
 * at start-up, no token repository (so memory stays flat however many tokens are issued).
 */
export async function createBenchServer(): Promise<AuthorizationServer> {
  const server = createAuthorizationServer({
    issuer,
    clients: new InMemoryClientRepository([benchClient]),
    scopes: new InMemoryScopeRepository(["read"]),
    signingKey: await generateTestSigningKey(),
    grants: [clientCredentialsGrant()],
  });
  await server.ready;
  return server;
}
