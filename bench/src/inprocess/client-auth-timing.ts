/**
 * Whether the token endpoint's answer to a failed client authentication takes as long for a
 * client id that exists as for one that does not (issue 18, finding 8): the same request with a
 * wrong secret, for the bench client (`auth-wrong-secret`) and for an id no server knows
 * (`auth-unknown-client`), the secrets of equal length, the lockout off so every answer is a 401.
 */
import { clientCredentialsGrant, createAuthorizationServer, InMemoryClientRepository } from "@tessera/core";
import { basicAuthorization } from "@tessera/core/testing";
import { benchClient, issuer } from "../fixture.js";
import type { Operation } from "./loop.js";

export const clientAuthTimingTargets = ["auth-unknown-client", "auth-wrong-secret"] as const;
export type ClientAuthTimingTarget = (typeof clientAuthTimingTargets)[number];

export async function prepareClientAuthTiming(
  target: ClientAuthTimingTarget,
  privateKeyPem: string,
): Promise<{ operation: Operation; checked: string }> {
  const server = createAuthorizationServer({
    issuer,
    clients: new InMemoryClientRepository([{ clientId: benchClient.clientId, clientSecret: benchClient.clientSecret, scopes: [benchClient.scope] }]),
    signingKey: privateKeyPem,
    grants: [clientCredentialsGrant()],
    lockout: false,
  });
  await server.ready;
  const wrongSecret = "x".repeat(benchClient.clientSecret.length);
  // Ids of equal length, so the request bytes are the same size.
  const clientId = target === "auth-wrong-secret" ? benchClient.clientId : "z".repeat(benchClient.clientId.length);
  const init = {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", authorization: basicAuthorization(clientId, wrongSecret) },
    body: "grant_type=client_credentials",
  };
  const operation = async () => {
    const response = await server.respondToTokenRequest(new Request(`${issuer}/token`, init));
    if (response.status !== 401) throw new Error(`answered ${response.status}`);
    return response.text();
  };
  await operation();
  return { operation, checked: "it answers 401 invalid_client" };
}
