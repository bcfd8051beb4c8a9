import * as core from "../index.js";
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify, calculateJwkThumbprint } from "jose";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { OAuthError } from "../protocol/errors.js";
import { clientCredentialsGrant } from "./grants/client-credentials.js";
import type { AccessTokenRecord } from "./audit.js";
import { InMemoryClientRepository } from "./repositories/clients.js";
import { InMemoryScopeRepository } from "./repositories/scopes.js";
import { createAuthorizationServer, type AuthorizationServer } from "./create.js";
import { basicAuthorization, generateTestSigningKey } from "../testing.js";
import { createScenarioServer, keyBoundTokenMismatches, keyBoundTokenScenarios, scenarioClients, scenarioIssuer, scenarioMismatches, scenarioRequest, tokenEndpointScenarios, tokenManagementMismatches, tokenManagementScenarios } from "@tessera/conformance/tables";

const { service } = scenarioClients;
const form = { "content-type": "application/x-www-form-urlencoded" };

function tokenRequest(body: string, headers: Record<string, string> = {}, path = "/token"): Request {
  return new Request(`${scenarioIssuer}${path}`, {
    method: "POST",
    headers: { ...form, authorization: basicAuthorization(service.clientId, service.clientSecret), ...headers },
    body,
  });
}

let keyPair: CryptoKeyPair;
let server: AuthorizationServer;
beforeAll(async () => {
  keyPair = await generateTestSigningKey();
  server = await createScenarioServer(core, {}, keyPair);
  await server.ready;
});

async function jwks(target: AuthorizationServer = server) {
  const response = await target.fetch(new Request(`${scenarioIssuer}/.well-known/jwks.json`));
  return createLocalJWKSet(await response.json());
}

describe("token endpoint scenarios, in-process", () => {
  it.each(tokenEndpointScenarios.map((s) => [s.name, s] as const))("%s", async (_name, scenario) => {
    const response = await server.respondToTokenRequest(scenarioRequest(scenarioIssuer, scenario.request));
    expect(await scenarioMismatches(response, scenario.expect)).toEqual([]);
  });
});

describe("key-bound token endpoint scenarios (private_key_jwt, DPoP), in-process", () => {
  it.each(keyBoundTokenScenarios.map((s) => [s.name, s] as const))("%s", async (_name, scenario) => {
    const send = (request: Parameters<typeof scenarioRequest>[1]) => server.respondToTokenRequest(scenarioRequest(scenarioIssuer, request));
    expect(await keyBoundTokenMismatches(send, scenario)).toEqual([]);
  });
});

describe("revocation and introspection scenarios, in-process", () => {
  it.each(tokenManagementScenarios.map((s) => [s.name, s] as const))("%s", async (_name, scenario) => {
    const send = (request: Parameters<typeof scenarioRequest>[1]) => server.fetch(scenarioRequest(scenarioIssuer, request));
    expect(await tokenManagementMismatches(send, scenario)).toEqual([]);
  });
});

describe("issued access tokens (RFC 9068)", () => {
  it("are JWTs that verify against the published JWKS, with every required claim", async () => {
    const response = await server.respondToTokenRequest(
      tokenRequest("grant_type=client_credentials&scope=read+write&audience=https://evil.example"),
    );
    const body = (await response.json()) as { access_token: string; expires_in: number; scope: string };
    const { payload, protectedHeader } = await jwtVerify(body.access_token, await jwks(), {
      issuer: scenarioIssuer,
      audience: scenarioIssuer,
      typ: "at+jwt",
      algorithms: ["RS256"],
    });
    expect(protectedHeader).toEqual({ alg: "RS256", typ: "at+jwt", kid: expect.any(String) });
    expect(protectedHeader.kid).toBe(await calculateJwkThumbprint(await crypto.subtle.exportKey("jwk", keyPair.publicKey) as never));
    expect(payload).toEqual({
      iss: scenarioIssuer,
      sub: service.clientId,
      aud: scenarioIssuer, // from configuration: the audience/resource parameters were ignored
      exp: expect.any(Number),
      iat: expect.any(Number),
      jti: expect.any(String),
      client_id: service.clientId,
      scope: "read write",
    });
    expect(body.scope).toBe("read write");
    expect(body.expires_in).toBe(3600);
    expect((payload.exp as number) - (payload.iat as number)).toBe(body.expires_in);
    // At least 128 random bits, base64url.
    expect(payload.jti).toMatch(/^[A-Za-z0-9_-]{22,}$/);
  });

  it("use the configured TTL, audience and clock exactly", async () => {
    const now = Date.UTC(2030, 0, 1, 12, 0, 0, 999);
    const custom = await createScenarioServer(
      core,
      { accessTokenTtl: 120, audience: ["https://api.example", "https://other.example"], now: () => now },
      keyPair,
    );
    const response = await custom.respondToTokenRequest(tokenRequest("grant_type=client_credentials"));
    const body = (await response.json()) as { access_token: string; expires_in: number };
    const { payload } = await jwtVerify(body.access_token, await jwks(custom), {
      audience: "https://other.example",
      currentDate: new Date(now),
    });
    expect(body.expires_in).toBe(120);
    expect(payload.iat).toBe(Math.floor(now / 1000));
    expect(payload.exp).toBe(Math.floor(now / 1000) + 120);
    expect(payload.aud).toEqual(["https://api.example", "https://other.example"]);
  });

  it("take a grant's own TTL over the server's", async () => {
    const custom = await createScenarioServer(
      core,
      { accessTokenTtl: 120, grants: [clientCredentialsGrant({ accessTokenTtl: 45 })] },
      keyPair,
    );
    const response = await custom.respondToTokenRequest(tokenRequest("grant_type=client_credentials"));
    expect(((await response.json()) as { expires_in: number }).expires_in).toBe(45);
  });

  it("are handed to the audit hook, awaited, before the response", async () => {
    const audited: AccessTokenRecord[] = [];
    const audit = async (record: AccessTokenRecord) => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      audited.push(record);
    };
    const custom = await createScenarioServer(core, { audit }, keyPair);
    const response = await custom.respondToTokenRequest(tokenRequest("grant_type=client_credentials&scope=write"));
    expect(audited).toHaveLength(1);
    const { access_token } = (await response.json()) as { access_token: string };
    const { payload } = await jwtVerify(access_token, await jwks(custom));
    expect(audited[0]).toEqual({
      jti: payload.jti,
      clientId: service.clientId,
      subject: service.clientId,
      scopes: ["write"],
      audience: scenarioIssuer,
      issuedAt: payload.iat,
      expiresAt: payload.exp,
    });
  });

  it("get distinct jti under concurrency", async () => {
    const responses = await Promise.all(
      Array.from({ length: 200 }, () => server.respondToTokenRequest(tokenRequest("grant_type=client_credentials"))),
    );
    const keys = await jwks();
    const ids = await Promise.all(
      responses.map(async (response) => {
        expect(response.status).toBe(200);
        const { access_token } = (await response.json()) as { access_token: string };
        return (await jwtVerify(access_token, keys)).payload.jti;
      }),
    );
    expect(new Set(ids).size).toBe(200);
  });
});

describe("scope decisions", () => {
  it("lets finalizeScopes have the last word", async () => {
    const finalizeScopes = vi.fn(async (scopes: readonly string[]) => [...scopes, "admin"]);
    const custom = await createScenarioServer(
      core,
      { scopes: new InMemoryScopeRepository(["read", "write", "admin"], { finalizeScopes }) },
      keyPair,
    );
    const response = await custom.respondToTokenRequest(tokenRequest("grant_type=client_credentials&scope=write"));
    const body = (await response.json()) as { scope: string; access_token: string };
    expect(body.scope).toBe("write admin");
    expect(decodeProtectedHeader(body.access_token).typ).toBe("at+jwt");
    expect(finalizeScopes).toHaveBeenCalledWith(["write"], {
      grantType: "client_credentials",
      client: expect.objectContaining({ clientId: service.clientId }),
    });
  });

  it("refuses with invalid_scope when finalizeScopes grants nothing", async () => {
    const custom = await createScenarioServer(
      core,
      { scopes: new InMemoryScopeRepository(["read", "write"], { finalizeScopes: async () => [] }) },
      keyPair,
    );
    const response = await custom.respondToTokenRequest(tokenRequest("grant_type=client_credentials"));
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toBe("invalid_scope");
  });

  it("grants all of a client's scopes by default, and the client's scopes without a ScopeRepository", async () => {
    const custom = createAuthorizationServer({
      issuer: scenarioIssuer,
      clients: new InMemoryClientRepository([{ clientId: "svc", clientSecret: "svc-secret", scopes: ["a", "b"] }]),
      signingKey: keyPair,
      grants: [clientCredentialsGrant()],
    });
    const auth = { authorization: basicAuthorization("svc", "svc-secret") };
    const all = await custom.respondToTokenRequest(tokenRequest("grant_type=client_credentials", auth));
    expect(((await all.json()) as { scope: string }).scope).toBe("a b");
    const refused = await custom.respondToTokenRequest(tokenRequest("grant_type=client_credentials&scope=c", auth));
    expect(((await refused.json()) as { error: string }).error).toBe("invalid_scope");
  });

  it("can require a scope instead of defaulting (RFC 6749 §3.3)", async () => {
    const custom = await createScenarioServer(core, { grants: [clientCredentialsGrant({ requireScope: true })] }, keyPair);
    const response = await custom.respondToTokenRequest(tokenRequest("grant_type=client_credentials"));
    expect(((await response.json()) as { error: string }).error).toBe("invalid_scope");
  });
});

describe("failures on the server's side", () => {
  it("answer 500 server_error with no detail, report to onError, and keep serving", async () => {
    const onError = vi.fn();
    let fail = true;
    const custom = await createScenarioServer(
      core,
      {
        onError,
        async audit() {
          if (fail) throw new Error("database at 10.0.0.7 refused: password=hunter2");
        },
      },
      keyPair,
    );
    const response = await custom.respondToTokenRequest(tokenRequest("grant_type=client_credentials"));
    const text = await response.text();
    expect(response.status).toBe(500);
    expect(JSON.parse(text)).toEqual({
      error: "server_error",
      error_description: "The authorization server encountered an unexpected condition.",
    });
    expect(text).not.toContain("hunter2");
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(onError).toHaveBeenCalledTimes(1);
    expect((onError.mock.calls[0]?.[0] as Error).message).toContain("refused");

    fail = false;
    expect((await custom.respondToTokenRequest(tokenRequest("grant_type=client_credentials"))).status).toBe(200);
  });

  it("survive an onError hook that throws, and a client repository that throws", async () => {
    const custom = await createScenarioServer(
      core,
      {
        onError: () => {
          throw new Error("hook broke");
        },
        clients: { getClient: () => Promise.reject(new Error("lookup failed")) },
      },
      keyPair,
    );
    const response = await custom.respondToTokenRequest(tokenRequest("grant_type=client_credentials"));
    expect(response.status).toBe(500);
  });

  it("render OAuthErrors thrown by custom grants as they are", async () => {
    const custom = await createScenarioServer(
      core,
      {
        grants: [
          {
            grantType: "urn:example:custom",
            respondToTokenRequest: async () => {
              throw new OAuthError("invalid_grant", "The grant is not valid.");
            },
          },
        ],
      },
      keyPair,
    );
    const response = await custom.respondToTokenRequest(tokenRequest("grant_type=urn%3Aexample%3Acustom"));
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: "invalid_grant", error_description: "The grant is not valid." });
  });

  it("reject ready for an unusable key, and answer requests with server_error", async () => {
    const onError = vi.fn();
    const custom = await createScenarioServer(core, { onError }, "-----BEGIN PRIVATE KEY-----\nnot a key\n-----END PRIVATE KEY-----\n");
    await expect(custom.ready).rejects.toThrow(/^signingKey: /);
    const response = await custom.respondToTokenRequest(tokenRequest("grant_type=client_credentials"));
    expect(response.status).toBe(500);
    expect(onError).toHaveBeenCalled();
    expect((await custom.fetch(new Request(`${scenarioIssuer}/.well-known/jwks.json`))).status).toBe(500);
  });
});

describe("fetch routing, metadata and JWKS", () => {
  it("publishes RFC 8414 metadata", async () => {
    const response = await server.fetch(new Request(`${scenarioIssuer}/.well-known/oauth-authorization-server`));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/json");
    expect(await response.json()).toEqual({
      issuer: scenarioIssuer,
      token_endpoint: `${scenarioIssuer}/token`,
      jwks_uri: `${scenarioIssuer}/.well-known/jwks.json`,
      response_types_supported: [],
      grant_types_supported: ["client_credentials"],
      token_endpoint_auth_methods_supported: ["client_secret_basic", "client_secret_post", "private_key_jwt"],
      token_endpoint_auth_signing_alg_values_supported: ["RS256", "PS256", "ES256", "EdDSA", "Ed25519"],
      revocation_endpoint: `${scenarioIssuer}/revoke`,
      revocation_endpoint_auth_methods_supported: ["client_secret_basic", "client_secret_post", "private_key_jwt"],
      revocation_endpoint_auth_signing_alg_values_supported: ["RS256", "PS256", "ES256", "EdDSA", "Ed25519"],
      introspection_endpoint: `${scenarioIssuer}/introspect`,
      introspection_endpoint_auth_methods_supported: ["client_secret_basic", "client_secret_post", "private_key_jwt"],
      introspection_endpoint_auth_signing_alg_values_supported: ["RS256", "PS256", "ES256", "EdDSA", "Ed25519"],
      dpop_signing_alg_values_supported: ["ES256", "PS256", "EdDSA", "Ed25519", "RS256"],
      scopes_supported: ["read", "write", "admin"],
    });
  });

  it("publishes only public members in the JWKS", async () => {
    const response = await server.fetch(new Request(`${scenarioIssuer}/.well-known/jwks.json?x=1`));
    expect(response.headers.get("content-type")).toBe("application/jwk-set+json");
    const { keys } = (await response.json()) as { keys: Record<string, string>[] };
    expect(keys).toHaveLength(1);
    expect(Object.keys(keys[0] ?? {}).sort()).toEqual(["alg", "e", "kid", "kty", "n", "use"]);
    expect(keys[0]).toMatchObject({ kty: "RSA", alg: "RS256", use: "sig" });
  });

  it("answers HEAD without a body, other methods with 405, unknown paths with 404 JSON", async () => {
    const head = await server.fetch(new Request(`${scenarioIssuer}/.well-known/jwks.json`, { method: "HEAD" }));
    expect(head.status).toBe(200);
    expect(await head.text()).toBe("");
    const post = await server.fetch(new Request(`${scenarioIssuer}/.well-known/oauth-authorization-server`, { method: "POST" }));
    expect(post.status).toBe(405);
    expect(post.headers.get("allow")).toBe("GET, HEAD");
    const missing = await server.fetch(new Request(`${scenarioIssuer}/access_token`, { method: "POST" }));
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: string }).error).toBe("not_found");
  });

  it("serves configurable paths, and derives RFC 8414 §3.1 paths from an issuer with a path", async () => {
    const custom = await createScenarioServer(
      core,
      { issuer: "https://auth.example.com/tenant-a", paths: { token: "/access_token" } },
      keyPair,
    );
    expect(custom.paths).toEqual({
      token: "/access_token",
      revocation: "/tenant-a/revoke",
      introspection: "/tenant-a/introspect",
      metadata: "/.well-known/oauth-authorization-server/tenant-a",
      jwks: "/tenant-a/.well-known/jwks.json",
      liveness: "/health/live",
      readiness: "/health/ready",
    });
    const metadata = await custom.fetch(new Request("https://auth.example.com/.well-known/oauth-authorization-server/tenant-a"));
    expect(await metadata.json()).toMatchObject({
      issuer: "https://auth.example.com/tenant-a",
      token_endpoint: "https://auth.example.com/access_token",
      jwks_uri: "https://auth.example.com/tenant-a/.well-known/jwks.json",
    });
    const token = await custom.fetch(tokenRequest("grant_type=client_credentials", {}, "/access_token"));
    expect(token.status).toBe(200);
  });

  it("has bound methods", async () => {
    const { fetch, respondToTokenRequest, respondToJwksRequest } = server;
    expect((await fetch(new Request(`${scenarioIssuer}/.well-known/jwks.json`))).status).toBe(200);
    expect((await respondToJwksRequest(new Request(`${scenarioIssuer}/x`))).status).toBe(200);
    expect((await respondToTokenRequest(tokenRequest("grant_type=client_credentials"))).status).toBe(200);
  });
});
