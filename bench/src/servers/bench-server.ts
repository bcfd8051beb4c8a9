/**
 * The lean Tessera configurations, on the core alone (so they load on Bun and Deno too):
 * - the authorization server: the bench client, one scope, the run's key for the algorithm, no
 *   audit hook (so nothing is written, and memory stays flat however many tokens are issued);
 * - the resource server: the bench issuer and audience, the run's public key as a fixed JWK Set
 *   (as the floor has it pre-imported), revocation checked only in the groups that ask for it.
 * The examples' configurations are started as the examples are (servers/examples.ts).
 */
import {
  clientCredentialsGrant,
  createAuthorizationServer,
  createResourceServer,
  InMemoryClientRepository,
  InMemoryScopeRepository,
  type AccessTokenPrincipal,
  type AuthorizationServer,
  type ResourceServer,
} from "@tessera/core";
import { benchClient, benchKeyClient, issuer, principalBody, type Alg, type PrincipalBody } from "../fixture.js";
import { publicJwkOf } from "../verify/public-key.js";
import { tesseraRevocationOptions } from "../verify/revocation.js";

export async function createBenchServer(privateKeyPem: string): Promise<AuthorizationServer> {
  const server = createAuthorizationServer({
    issuer,
    clients: new InMemoryClientRepository([
      { clientId: benchClient.clientId, clientSecret: benchClient.clientSecret, scopes: [benchClient.scope] },
      // The key-bound targets' client (inprocess/key-bound.ts); present in every configuration so all compare alike.
      {
        clientId: benchKeyClient.clientId,
        scopes: [benchKeyClient.scope],
        tokenEndpointAuthMethod: "private_key_jwt",
        jwks: { keys: [{ kty: "OKP", crv: "Ed25519", x: benchKeyClient.privateJwk.x, kid: "bench-key" }] },
      },
    ]),
    scopes: new InMemoryScopeRepository([benchClient.scope]),
    signingKey: privateKeyPem,
    grants: [clientCredentialsGrant()],
  });
  await server.ready;
  return server;
}

/**
 * The resource server of the verifier groups. `revoked`: the revocation set, when the group
 * checks revocation (see verify/revocation.ts).
 */
export async function createBenchResourceServer(alg: Alg, privateKeyPem: string, revoked: ReadonlySet<string> | undefined): Promise<ResourceServer> {
  return createResourceServer({
    issuer,
    audience: issuer,
    jwks: { keys: [(await publicJwkOf(alg, privateKeyPem)) as never] },
    ...(revoked === undefined ? {} : await tesseraRevocationOptions(revoked)),
  });
}

/** The principal as every verifier target answers it (the examples' `/whoami` body). */
export function bodyOf(principal: AccessTokenPrincipal): PrincipalBody {
  return principalBody({ client_id: principal.clientId, scope: principal.scopes.join(" "), aud: principal.claims.aud, exp: principal.expiresAt });
}
