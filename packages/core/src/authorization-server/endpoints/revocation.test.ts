import * as core from "../../index.js";
import { describe, expect, it, vi } from "vitest";
import { clientCredentialsGrant } from "../grants/client-credentials.js";
import { InMemoryClientRepository } from "../repositories/clients.js";
import { MemoryStore } from "../../storage/memory-store.js";
import { revocationGrace, type RevocationStore } from "../../storage/revocations.js";
import { TemporarilyUnavailableError } from "../../protocol/faults.js";
import { createResourceServer } from "../../resource-server/create.js";
import { createAuthorizationServer, type AuthorizationServer } from "../create.js";
import { basicAuthorization, generateTestSigningKey } from "../../testing.js";
import { createScenarioServer, issueScenarioToken, scenarioClients, scenarioIssuer } from "@tessera/conformance/tables";

const { service } = scenarioClients;
const serviceBasic = basicAuthorization(service.clientId, service.clientSecret);
const form = { "content-type": "application/x-www-form-urlencoded" };

function post(server: AuthorizationServer, path: string, body: string, authorization = serviceBasic): Promise<Response> {
  return server.fetch(new Request(`${scenarioIssuer}${path}`, { method: "POST", headers: { ...form, authorization }, body }));
}

const issue = (server: AuthorizationServer) => issueScenarioToken(server);

/** A revocation store that records what it is asked to revoke. */
function recordingStore(revokeToken: RevocationStore["revokeToken"]): RevocationStore {
  return { revocationConsistency: "strong", revokeToken, revokeClientTokens: async () => {}, isRevoked: async () => false };
}

describe("the revocation endpoint (RFC 7009)", () => {
  it("revokes in the store: a resource server checking it refuses the token, another token stays good", async () => {
    const revocations = new MemoryStore();
    const server = await createScenarioServer(core, { revocations });
    const resourceServer = createResourceServer({ issuer: scenarioIssuer, audience: scenarioIssuer, keys: server.keys, revocations });
    const [revoked, kept] = [await issue(server), await issue(server)];
    await expect(resourceServer.verifyToken(revoked)).resolves.toMatchObject({ clientId: service.clientId });

    const response = await post(server, "/revoke", `token=${revoked}`);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe("");
    await expect(resourceServer.verifyToken(revoked)).rejects.toMatchObject({ code: "invalid_token", description: "The access token was revoked." });
    await expect(resourceServer.verifyToken(kept)).resolves.toMatchObject({ clientId: service.clientId });
  });

  it("marks the jti until the token's exp plus revocationGrace, and issuing writes nothing", async () => {
    const revokeToken = vi.fn(async () => {});
    const server = await createScenarioServer(core, { revocations: recordingStore(revokeToken), now: () => 1_700_000_000_000, accessTokenTtl: 60 });
    const token = await issue(server);
    expect(revokeToken).not.toHaveBeenCalled();
    const claims = JSON.parse(atob((token.split(".")[1] ?? "").replace(/-/g, "+").replace(/_/g, "/"))) as { jti: string; exp: number };
    expect((await post(server, "/revoke", `token=${token}`)).status).toBe(200);
    expect(revokeToken).toHaveBeenCalledExactlyOnceWith(claims.jti, 1_700_000_060 + revocationGrace);
  });

  it("without revocations: not advertised, and a token it would revoke gets unsupported_token_type (§2.2.1)", async () => {
    const server = await createScenarioServer(core, { revocations: undefined });
    const metadata = (await (await server.fetch(new Request(`${scenarioIssuer}/.well-known/oauth-authorization-server`))).json()) as Record<string, unknown>;
    expect(metadata).not.toHaveProperty("revocation_endpoint");
    expect(metadata).not.toHaveProperty("revocation_endpoint_auth_methods_supported");
    expect(metadata).toHaveProperty("introspection_endpoint", `${scenarioIssuer}/introspect`);

    const response = await post(server, "/revoke", `token=${await issue(server)}`);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: "unsupported_token_type" });
    // An invalid token is still no error (§2.2).
    expect((await post(server, "/revoke", "token=garbage")).status).toBe(200);
  });

  it("answers 200 and revokes nothing for an expired token or one signed by another key", async () => {
    let now = 1_700_000_000_000;
    const revokeToken = vi.fn(async () => {});
    const revocations = recordingStore(revokeToken);
    const server = await createScenarioServer(core, { revocations, now: () => now, accessTokenTtl: 60 });
    const stranger = await createScenarioServer(core, { revocations });
    const expired = await issue(server);
    now += 61_000;
    expect((await post(server, "/revoke", `token=${expired}`)).status).toBe(200);
    expect((await post(server, "/revoke", `token=${await issue(stranger)}`)).status).toBe(200);
    expect(revokeToken).not.toHaveBeenCalled();
  });

  it("answers server_error, reported, when the store fails, and 503 when it is out of reach", async () => {
    const onError = vi.fn();
    const failure = new Error("store down");
    let fail: Error = failure;
    const server = await createScenarioServer(core, { revocations: recordingStore(async () => Promise.reject(fail)), onError });
    const response = await post(server, "/revoke", `token=${await issue(server)}`);
    expect(response.status).toBe(500);
    expect(await response.json()).toMatchObject({ error: "server_error" });
    expect(onError).toHaveBeenCalledWith(failure, expect.any(Request));

    fail = new TemporarilyUnavailableError("database failing over", { retryAfter: 2 });
    const unavailable = await post(server, "/revoke", `token=${await issue(server)}`);
    expect({ status: unavailable.status, retryAfter: unavailable.headers.get("retry-after") }).toEqual({ status: 503, retryAfter: "2" });
    expect(await unavailable.json()).toMatchObject({ error: "temporarily_unavailable" });
  });

  it("is served at a configured path, and the bound method answers too", async () => {
    const key = await generateTestSigningKey();
    const server = createAuthorizationServer({
      issuer: scenarioIssuer,
      clients: new InMemoryClientRepository([service]),
      revocations: new MemoryStore(),
      signingKey: key,
      grants: [clientCredentialsGrant()],
      paths: { revocation: "/oauth/revoke" },
    });
    expect(server.paths.revocation).toBe("/oauth/revoke");
    expect((await post(server, "/oauth/revoke", `token=${await issue(server)}`)).status).toBe(200);
    expect((await post(server, "/revoke", "token=x")).status).toBe(404);
    const { respondToRevocationRequest } = server;
    const request = new Request(`${scenarioIssuer}/anywhere`, { method: "POST", headers: { ...form, authorization: serviceBasic }, body: "token=x" });
    expect((await respondToRevocationRequest(request)).status).toBe(200);
  });

  it("refuses paths that collide", () => {
    expect(() =>
      createAuthorizationServer({
        issuer: scenarioIssuer,
        clients: new InMemoryClientRepository([service]),
        signingKey: "unused",
        grants: [clientCredentialsGrant()],
        paths: { introspection: "/token" },
      }),
    ).toThrow(/^paths: the token, revocation, introspection, metadata, JWKS and probe paths must differ/);
  });
});
