import { expect } from "vitest";
import { signTestProof } from "../tables/test-signers.js";
import { service } from "./clients.js";
import { basicAuthorizationOf, whoami } from "./http.js";

/**
 * A DPoP-bound token end to end (RFC 9449): the token endpoint binds the token to the proof's key
 * (`token_type` `DPoP`), `GET /whoami` accepts it with the DPoP scheme and a proof for itself, and
 * refuses it as a bearer token (§7.2) and with a proof for another URL.
 */
export async function checkDpopWhoami(url: string): Promise<void> {
  const response = await fetch(`${url}/token`, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      authorization: basicAuthorizationOf(service),
      dpop: await signTestProof({ method: "POST", url: `${url}/token` }),
    },
    body: "grant_type=client_credentials&scope=read",
    signal: AbortSignal.timeout(10_000),
  });
  const body = (await response.json()) as { access_token: string; token_type: string };
  expect({ status: response.status, token_type: body.token_type }).toEqual({ status: 200, token_type: "DPoP" });
  const token = body.access_token;
  const proof = (target: string) => signTestProof({ method: "GET", url: target, accessToken: token });
  const accepted = await whoami(url, `DPoP ${token}`, "GET", { dpop: await proof(`${url}/whoami`) });
  expect({ status: accepted.status, body: await accepted.json() }).toMatchObject({ status: 200, body: { client_id: service.client_id, scope: "read" } });
  const asBearer = await whoami(url, `Bearer ${token}`);
  expect({ status: asBearer.status, challenge: asBearer.headers.get("www-authenticate") }).toMatchObject({ status: 401, challenge: expect.stringMatching(/^Bearer .*error="invalid_token"/) });
  const elsewhere = await whoami(url, `DPoP ${token}`, "GET", { dpop: await proof(`${url}/elsewhere`) });
  expect({ status: elsewhere.status, challenge: elsewhere.headers.get("www-authenticate") }).toMatchObject({ status: 401, challenge: expect.stringMatching(/^DPoP .*error="invalid_dpop_proof".*algs="/) });
}
