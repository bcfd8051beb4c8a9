import * as core from "../../index.js";
import { decodeProtectedHeader } from "jose";
import { describe, expect, it } from "vitest";
import { createResourceServer } from "../../resource-server/create.js";
import { basicAuthorization, generateTestSigningKey } from "../../testing.js";
import { createScenarioServer, scenarioClients, scenarioIssuer, signTestProof } from "@tessera/conformance/tables";

const { service } = scenarioClients;
const tokenUrl = `${scenarioIssuer}/token`;

function tokenRequest(dpop: string): Request {
  return new Request(tokenUrl, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", authorization: basicAuthorization(service.clientId, service.clientSecret), dpop },
    body: "grant_type=client_credentials",
  });
}

describe("DPoP nonces (RFC 9449 §8, §9)", () => {
  it("at the token endpoint: use_dpop_nonce with a DPoP-Nonce, then a token for a proof with it", async () => {
    const server = await createScenarioServer(core, { dpop: { nonce: { secret: "a shared secret of thirty-two bytes or more" } } });
    const first = await server.respondToTokenRequest(tokenRequest(await signTestProof({ method: "POST", url: tokenUrl })));
    expect(first.status).toBe(400);
    expect(await first.json()).toMatchObject({ error: "use_dpop_nonce" });
    const nonce = first.headers.get("dpop-nonce") as string;
    expect(nonce).toMatch(/^\d+\.[A-Za-z0-9_-]{43}$/);
    const second = await server.respondToTokenRequest(tokenRequest(await signTestProof({ method: "POST", url: tokenUrl, claims: { nonce } })));
    expect(second.status).toBe(200);
    expect(second.headers.get("dpop-nonce")).toBe(nonce);
    // Another instance with the same secret accepts it; one with another secret does not.
    const sibling = await createScenarioServer(core, { dpop: { nonce: { secret: "a shared secret of thirty-two bytes or more" } } });
    expect((await sibling.respondToTokenRequest(tokenRequest(await signTestProof({ method: "POST", url: tokenUrl, claims: { nonce } })))).status).toBe(200);
    const stranger = await createScenarioServer(core, { dpop: { nonce: true } });
    expect((await stranger.respondToTokenRequest(tokenRequest(await signTestProof({ method: "POST", url: tokenUrl, claims: { nonce } })))).status).toBe(400);
  });

  it("at the resource server: 401 use_dpop_nonce in a DPoP challenge, with a DPoP-Nonce", async () => {
    const server = await createScenarioServer(core);
    const body = (await (await server.respondToTokenRequest(tokenRequest(await signTestProof({ method: "POST", url: tokenUrl })))).json()) as { access_token: string };
    const resourceServer = createResourceServer({ issuer: scenarioIssuer, audience: scenarioIssuer, keys: server.keys, dpop: { nonce: true } });
    const request = async (claims: Record<string, unknown> = {}) =>
      new Request("http://localhost/api", {
        headers: { authorization: `DPoP ${body.access_token}`, dpop: await signTestProof({ method: "GET", url: "http://localhost/api", accessToken: body.access_token, claims }) },
      });
    const refusal = await resourceServer.verifyRequest(await request()).catch((error: core.OAuthError) => error);
    expect(refusal).toMatchObject({ code: "use_dpop_nonce", status: 401 });
    const response = (refusal as core.OAuthError).toResponse();
    expect(response.headers.get("www-authenticate")).toMatch(/^DPoP realm="http:\/\/localhost", error="use_dpop_nonce", error_description="[^"]+", algs="ES256 PS256 EdDSA Ed25519 RS256"$/);
    const nonce = response.headers.get("dpop-nonce") as string;
    expect((await resourceServer.verifyRequest(await request({ nonce }))).clientId).toBe(service.clientId);
  });
});

describe("PS256 access tokens", () => {
  it("are signed with an RSA-PSS key, listed in the JWKS, verified by the resource server and introspection", async () => {
    const server = await createScenarioServer(core, {}, await generateTestSigningKey("PS256"));
    const response = await server.respondToTokenRequest(
      new Request(tokenUrl, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", authorization: basicAuthorization(service.clientId, service.clientSecret) }, body: "grant_type=client_credentials" }),
    );
    const { access_token: token } = (await response.json()) as { access_token: string };
    expect(decodeProtectedHeader(token).alg).toBe("PS256");
    expect((await server.keys.jwks()).keys[0]).toMatchObject({ kty: "RSA", alg: "PS256" });
    const resourceServer = createResourceServer({ issuer: scenarioIssuer, audience: scenarioIssuer, keys: server.keys });
    expect((await resourceServer.verifyToken(token)).clientId).toBe(service.clientId);
    const introspection = await server.respondToIntrospectionRequest(
      new Request(`${scenarioIssuer}/introspect`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", authorization: basicAuthorization(service.clientId, service.clientSecret) }, body: `token=${token}` }),
    );
    expect(await introspection.json()).toMatchObject({ active: true, token_type: "Bearer" });
  });
});
