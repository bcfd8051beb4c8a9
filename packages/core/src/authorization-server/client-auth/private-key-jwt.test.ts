import * as core from "../../index.js";
import { decodeJwt, exportJWK, generateKeyPair, SignJWT } from "jose";
import { describe, expect, it, vi } from "vitest";
import { createResourceServer } from "../../resource-server/create.js";
import { MemoryStore } from "../../storage/memory-store.js";
import { basicAuthorization, formEncode, generateTestSigningKey } from "../../testing.js";
import { createScenarioServer, jwtBearer, publicTestJwk, scenarioClients, scenarioIssuer, signTestAssertion, signTestProof } from "@tessera/conformance/tables";
import type { AuthorizationServer } from "../create.js";
import { InMemoryClientRepository } from "../repositories/clients.js";

const form = { "content-type": "application/x-www-form-urlencoded" };
const { keyClient, service } = scenarioClients;

async function assertionBody(assertion?: string): Promise<string> {
  const jwt = assertion ?? (await signTestAssertion({ clientId: keyClient.clientId }));
  return `client_assertion_type=${formEncode(jwtBearer)}&client_assertion=${jwt}`;
}

function post(server: AuthorizationServer, path: string, body: string, headers: Record<string, string> = {}): Promise<Response> {
  return server.fetch(new Request(`${scenarioIssuer}${path}`, { method: "POST", headers: { ...form, ...headers }, body }));
}

async function tokenFor(server: AuthorizationServer, body: string, headers: Record<string, string> = {}): Promise<Record<string, unknown>> {
  const response = await post(server, "/token", `grant_type=client_credentials&${body}`, headers);
  return { status: response.status, ...((await response.json()) as Record<string, unknown>) };
}

describe("private_key_jwt (RFC 7523)", () => {
  it("authenticates at the revocation and introspection endpoints too", async () => {
    const server = await createScenarioServer(core);
    const { access_token: token } = await tokenFor(server, await assertionBody());
    const introspection = await post(server, "/introspect", `token=${token as string}&${await assertionBody()}`);
    expect(await introspection.json()).toMatchObject({ active: true, client_id: keyClient.clientId });
    const revocation = await post(server, "/revoke", `token=${token as string}&${await assertionBody()}`);
    expect(revocation.status).toBe(200);
    const after = await post(server, "/introspect", `token=${token as string}&${await assertionBody()}`);
    expect(await after.json()).toEqual({ active: false });
  });

  it("reserves each jti atomically: of concurrent requests with one assertion, exactly one gets a token", async () => {
    const server = await createScenarioServer(core, { replay: new MemoryStore(), lockout: false });
    const body = await assertionBody();
    const statuses = await Promise.all(Array.from({ length: 8 }, async () => (await tokenFor(server, body)).status));
    expect(statuses.filter((status) => status === 200)).toHaveLength(1);
    expect(statuses.filter((status) => status === 400)).toHaveLength(7);
  });

  it("refuses a best-effort replay store at start-up, naming the option", () => {
    const bestEffort = { replayConsistency: "best-effort" as const, reserve: async () => true };
    expect(() => core.createAuthorizationServer({ issuer: scenarioIssuer, clients: new InMemoryClientRepository([]), signingKey: "x", grants: [core.clientCredentialsGrant()], replay: bestEffort }))
      .toThrow(/^replay: the store's replayConsistency is not "strong"/);
    expect(() => createResourceServer({ issuer: scenarioIssuer, audience: scenarioIssuer, jwksUri: "https://as.example/jwks", replay: bestEffort }))
      .toThrow(/^replay: /);
  });

  it("takes the issuer only as aud with clientAssertions.audience \"issuer\", and as the sole value", async () => {
    const server = await createScenarioServer(core, { clientAssertions: { audience: "issuer" } });
    const sign = (aud: unknown) => signTestAssertion({ clientId: keyClient.clientId, claims: { aud } });
    expect((await tokenFor(server, await assertionBody(await sign(scenarioIssuer)))).status).toBe(200);
    expect((await tokenFor(server, await assertionBody(await sign([scenarioIssuer])))).status).toBe(200);
    expect(await tokenFor(server, await assertionBody(await sign(`${scenarioIssuer}/token`)))).toMatchObject({ status: 400, error: "invalid_client" });
    expect(await tokenFor(server, await assertionBody(await sign([scenarioIssuer, "https://other.example"])))).toMatchObject({ status: 400 });
  });

  it("holds a client to its token_endpoint_auth_signing_alg, and takes PS256 and EdDSA keys", async () => {
    const ps = await generateKeyPair("PS256", { extractable: true });
    const ed = await generateKeyPair("EdDSA", { extractable: true });
    const clients = new InMemoryClientRepository([
      { clientId: "pss", scopes: ["read"], tokenEndpointAuthMethod: "private_key_jwt", tokenEndpointAuthSigningAlg: "PS256", jwks: { keys: [{ ...(await exportJWK(ps.publicKey)), kid: "p" }, { ...(await exportJWK(ed.publicKey)), kid: "e" }] } },
      { clientId: "ed", scopes: ["read"], tokenEndpointAuthMethod: "private_key_jwt", jwks: { keys: [{ ...(await exportJWK(ed.publicKey)), kid: "e" }] } },
    ]);
    const server = await createScenarioServer(core, { clients });
    const sign = (clientId: string, alg: string, key: CryptoKey, kid: string) =>
      new SignJWT({ jti: crypto.randomUUID() }).setProtectedHeader({ alg, kid }).setIssuer(clientId).setSubject(clientId).setAudience(scenarioIssuer).setIssuedAt().setExpirationTime("1m").sign(key);
    expect((await tokenFor(server, await assertionBody(await sign("pss", "PS256", ps.privateKey, "p")))).status).toBe(200);
    expect((await tokenFor(server, await assertionBody(await sign("pss", "EdDSA", ed.privateKey, "e")))).status).toBe(400);
    expect((await tokenFor(server, await assertionBody(await sign("ed", "EdDSA", ed.privateKey, "e")))).status).toBe(200);
  });

  it("fetches a client's jwks_uri once, and again for an unknown kid only after the cool-down", async () => {
    const rotated = await generateKeyPair("ES256", { extractable: true });
    let keys = [publicTestJwk("assertionKey")];
    const fetch = vi.fn(async () => Response.json({ keys }));
    const clients = new InMemoryClientRepository([
      { clientId: "remote", scopes: ["read"], tokenEndpointAuthMethod: "private_key_jwt", jwksUri: "https://client.example/jwks.json" },
    ]);
    const server = await createScenarioServer(core, { clients, lockout: false, clientAssertions: { fetch, jwksCooldown: 3600 } });
    const assertion = (extra: Partial<Parameters<typeof signTestAssertion>[0]> = {}) => signTestAssertion({ clientId: "remote", ...extra });
    expect((await tokenFor(server, await assertionBody(await assertion()))).status).toBe(200);
    expect((await tokenFor(server, await assertionBody(await assertion()))).status).toBe(200);
    expect(fetch).toHaveBeenCalledTimes(1);
    keys = [publicTestJwk("assertionKey"), { ...(await exportJWK(rotated.publicKey)), kid: "rotated" } as never];
    const withRotated = await new SignJWT({ jti: crypto.randomUUID() }).setProtectedHeader({ alg: "ES256", kid: "rotated" }).setIssuer("remote").setSubject("remote").setAudience(scenarioIssuer).setExpirationTime("1m").sign(rotated.privateKey);
    // Within the cool-down: no refetch, so the new kid is unknown.
    expect((await tokenFor(server, await assertionBody(withRotated))).status).toBe(400);
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it("issues a DPoP-bound token to a private_key_jwt client, which the resource server holds to the key", async () => {
    const server = await createScenarioServer(core);
    const dpop = await signTestProof({ method: "POST", url: `${scenarioIssuer}/token` });
    const body = await tokenFor(server, await assertionBody(), { dpop });
    expect(body).toMatchObject({ status: 200, token_type: "DPoP" });
    const resourceServer = createResourceServer({ issuer: scenarioIssuer, audience: scenarioIssuer, keys: server.keys });
    const token = body.access_token as string;
    const proof = await signTestProof({ method: "GET", url: "http://localhost/api", accessToken: token });
    const principal = await resourceServer.verifyRequest(new Request("http://localhost/api", { headers: { authorization: `DPoP ${token}`, dpop: proof } }));
    expect(principal.clientId).toBe(keyClient.clientId);
    const introspection = await post(server, "/introspect", `token=${token}&${await assertionBody()}`);
    expect(await introspection.json()).toMatchObject({ active: true, token_type: "DPoP", cnf: { jkt: (decodeJwt(token).cnf as { jkt: string }).jkt } });
  });
});

describe("the FAPI 2.0 profile", () => {
  it("refuses client secrets, requires DPoP, refuses RS256 assertions, takes only the issuer as aud", async () => {
    const server = await createScenarioServer(core, { profile: "fapi2" }, await generateTestSigningKey("ES256"));
    const metadata = (await (await server.fetch(new Request(`${scenarioIssuer}/.well-known/oauth-authorization-server`))).json()) as Record<string, unknown>;
    expect(metadata).toMatchObject({
      token_endpoint_auth_methods_supported: ["private_key_jwt"],
      token_endpoint_auth_signing_alg_values_supported: ["PS256", "ES256", "EdDSA", "Ed25519"],
      dpop_signing_alg_values_supported: ["ES256", "PS256", "EdDSA", "Ed25519"],
    });
    const dpop = () => signTestProof({ method: "POST", url: `${scenarioIssuer}/token` });
    expect(await tokenFor(server, "", { authorization: basicAuthorization(service.clientId, service.clientSecret), dpop: await dpop() })).toMatchObject({ status: 401, error: "invalid_client" });
    expect(await tokenFor(server, await assertionBody())).toMatchObject({ status: 400, error: "invalid_dpop_proof" });
    expect(await tokenFor(server, await assertionBody(), { dpop: await dpop() })).toMatchObject({ status: 200, token_type: "DPoP" });
    const toEndpoint = await signTestAssertion({ clientId: keyClient.clientId, claims: { aud: `${scenarioIssuer}/token` } });
    expect(await tokenFor(server, await assertionBody(toEndpoint), { dpop: await dpop() })).toMatchObject({ status: 400, error: "invalid_client" });
    const rsa = await generateKeyPair("RS256");
    const rs256 = await new SignJWT({ jti: "x" }).setProtectedHeader({ alg: "RS256" }).setIssuer(keyClient.clientId).setSubject(keyClient.clientId).setAudience(scenarioIssuer).setExpirationTime("1m").sign(rsa.privateKey);
    expect(await tokenFor(server, await assertionBody(rs256), { dpop: await dpop() })).toMatchObject({ status: 400, error: "invalid_client" });
  });

  it("refuses an RS256 signing key at start-up and options that contradict the profile", async () => {
    const server = await createScenarioServer(core, { profile: "fapi2" });
    await expect(server.ready).rejects.toThrow(/^signingKey: RS256 is not allowed by the FAPI 2\.0 profile/);
    await expect(createScenarioServer(core, { profile: "fapi2", clientAssertions: { audience: "issuer-or-token-endpoint" } })).rejects.toThrow(/^clientAssertions\.audience: /);
    await expect(createScenarioServer(core, { profile: "fapi2", dpop: { algorithms: ["RS256"] } })).rejects.toThrow(/^dpop\.algorithms: RS256 is not allowed/);
  });
});

describe("client registrations with keys", () => {
  it.each([
    ["a private_key_jwt client without keys", { tokenEndpointAuthMethod: "private_key_jwt" }, /needs its public keys/],
    ["a private_key_jwt client with a secret", { tokenEndpointAuthMethod: "private_key_jwt", jwks: { keys: [publicTestJwk("assertionKey")] }, clientSecret: "s3cret" }, /has no secret/],
    ["both jwks and jwksUri", { jwks: { keys: [publicTestJwk("assertionKey")] }, jwksUri: "https://c.example/jwks" }, /not both/],
    ["a private key in jwks", { jwks: { keys: [{ ...publicTestJwk("assertionKey"), d: "x" }] } }, /public keys only/],
    ["an http jwksUri", { jwksUri: "http://c.example/jwks" }, /must use https/],
    ["HS256 as the signing alg", { jwks: { keys: [publicTestJwk("assertionKey")] }, tokenEndpointAuthSigningAlg: "HS256" }, /one of RS256, PS256, ES256, EdDSA, Ed25519/],
  ])("refuses %s", (_name, fields, message) => {
    expect(() => new InMemoryClientRepository([{ clientId: "c", scopes: ["read"], ...(fields as object) }])).toThrow(message);
  });
});
