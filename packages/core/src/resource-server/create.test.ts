import * as core from "../index.js";
import { decodeJwt, decodeProtectedHeader, exportJWK, generateKeyPair, SignJWT } from "jose";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { OAuthError } from "../protocol/errors.js";
import { MemoryStore } from "../storage/memory-store.js";
import type { AuthorizationServer } from "../authorization-server/create.js";
import { createProtectedResourceFixture, createScenarioServer, dpopProtectedResourceMismatches, dpopProtectedResourceScenarios, issueScenarioToken, protectedResourceAudience, protectedResourceMismatches, protectedResourcePaths, protectedResourceRequest, protectedResourceScenarios, scenarioClients, scenarioIssuer, scenarioRequest, signTestProof, type ProtectedResourceFixture } from "@tessera/conformance/tables";
import { generateSigningKey } from "../tokens/generate-key.js";
import { basicAuthorization } from "../testing.js";
import { revocationGrace } from "../storage/revocations.js";
import type { KeyManager } from "../tokens/key-manager.js";
import type { FetchFunction } from "./key-source-option.js";
import type { ResourceServerOptions } from "./options.js";
import { createResourceServer, type ResourceServer } from "./create.js";

let fixture: ProtectedResourceFixture;
let resourceServer: ResourceServer;

beforeAll(async () => {
  fixture = await createProtectedResourceFixture(core);
  resourceServer = createResourceServer(fixture.resourceServerOptions);
});

/** The protected resource of the scenario table, on the core alone. */
async function protectedResource(server: ResourceServer, request: Request): Promise<Response> {
  const scopes = new URL(request.url).pathname === protectedResourcePaths.admin ? ["admin"] : ["read"];
  try {
    const principal = await server.authorize(request, scopes);
    return Response.json({ client_id: principal.clientId, scope: principal.scopes.join(" ") });
  } catch (error) {
    if (error instanceof OAuthError) return error.toResponse();
    throw error;
  }
}

function issueToken(server: AuthorizationServer, scope = "read write"): Promise<string> {
  return issueScenarioToken(server, undefined, { scope });
}

/** Runs `verifyToken` and returns the OAuthError it rejects with. */
async function refusal(promise: Promise<unknown>): Promise<OAuthError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(OAuthError);
  return error as OAuthError;
}

function realmChallenge(error: OAuthError): string | undefined {
  return error.headers["www-authenticate"];
}

describe("the protected resource scenario table, on the core", () => {
  it("uses every token of the fixture", () => {
    const used = protectedResourceScenarios.map((s) => s.request.headers?.authorization ?? "").join(" ");
    // The bound token is the DPoP table's.
    for (const name of Object.keys(fixture.tokens)) if (name !== "dpopBound") expect(used).toContain(`{${name}}`);
  });

  for (const scenario of protectedResourceScenarios) {
    it(scenario.name, async () => {
      const request = scenarioRequest("http://localhost", protectedResourceRequest(scenario.request, fixture.tokens));
      const response = await protectedResource(resourceServer, request);
      expect(await protectedResourceMismatches(response, scenario.expect)).toEqual([]);
    });
  }
});

describe("the DPoP protected resource scenario table, on the core", () => {
  for (const scenario of dpopProtectedResourceScenarios) {
    it(scenario.name, async () => {
      const send = (request: Parameters<typeof scenarioRequest>[1]) => protectedResource(resourceServer, scenarioRequest("http://localhost", request));
      expect(await dpopProtectedResourceMismatches(send, { origin: "http://localhost", tokens: fixture.tokens }, scenario)).toEqual([]);
    });
  }
});

describe("publicOrigin: DPoP behind a proxy that terminates TLS", () => {
  const path = protectedResourcePaths.read;
  /** A DPoP request that arrived at `arrivedAt` with a proof for `url`. */
  async function dpopRequest(arrivedAt: string, url: string): Promise<Request> {
    const token = fixture.tokens.dpopBound;
    const dpop = await signTestProof({ method: "GET", url, accessToken: token });
    return new Request(arrivedAt + path, { headers: { authorization: `DPoP ${token}`, dpop } });
  }

  it("accepts a proof for the public URL on a request that arrived with another, and still the URL as it arrived", async () => {
    const behindProxy = createResourceServer({ ...fixture.resourceServerOptions, publicOrigin: "https://API.example:443/" });
    expect((await behindProxy.verifyRequest(await dpopRequest("http://10.0.0.7:8080", `https://api.example${path}`))).clientId).toBe("service");
    expect((await behindProxy.verifyRequest(await dpopRequest("http://10.0.0.7:8080", `http://10.0.0.7:8080${path}`))).clientId).toBe("service");
  });

  it("refuses a proof for the public URL without publicOrigin, and one for another origin with it", async () => {
    const error = (promise: Promise<unknown>) => promise.then(() => undefined, (e: unknown) => (e as OAuthError).code);
    expect(await error(resourceServer.verifyRequest(await dpopRequest("http://10.0.0.7:8080", `https://api.example${path}`)))).toBe("invalid_dpop_proof");
    const behindProxy = createResourceServer({ ...fixture.resourceServerOptions, publicOrigin: "https://api.example" });
    expect(await error(behindProxy.verifyRequest(await dpopRequest("http://10.0.0.7:8080", `https://other.example${path}`)))).toBe("invalid_dpop_proof");
  });

  it.each(["api.example", "https://api.example/v1", "https://api.example?x=1", "ftp://api.example", "https://user@api.example", 42])(
    "refuses publicOrigin %j at start-up",
    (publicOrigin) => {
      const options = { ...fixture.resourceServerOptions, publicOrigin } as ResourceServerOptions;
      expect(() => createResourceServer(options)).toThrow(/publicOrigin/);
    },
  );
});

describe("verifyToken", () => {
  it("returns a frozen principal from a real token", async () => {
    const principal = await resourceServer.verifyToken(fixture.tokens.valid);
    const claims = decodeJwt(fixture.tokens.valid);
    expect(principal).toEqual({
      clientId: "service",
      subject: "service",
      scopes: ["read", "write"],
      audience: [protectedResourceAudience],
      expiresAt: claims.exp,
      issuedAt: claims.iat,
      jti: claims.jti,
      claims,
    });
    expect(Object.isFrozen(principal)).toBe(true);
    expect(Object.isFrozen(principal.scopes)).toBe(true);
    expect(Object.isFrozen(principal.audience)).toBe(true);
    expect(Object.isFrozen(principal.claims)).toBe(true);
  });

  it.each([
    ["expired", "The access token expired."],
    ["notYetValid", "The access token is not valid yet."],
    ["issuedInFuture", "The access token was issued in the future."],
    ["wrongIssuer", "The access token was issued by another authorization server."],
    ["wrongAudience", "The access token is not meant for this resource server."],
    ["wrongType", "The token is not an access token (its typ must be at+jwt)."],
    ["missingClientId", "The access token lacks a required claim."],
    ["unsigned", "The access token is signed with an algorithm this server does not accept."],
    ["hmacConfusion", "The access token is signed with an algorithm this server does not accept."],
    ["unknownKey", "The access token is signed with a key this server does not know."],
    ["tampered", "The access token signature is invalid."],
    ["revoked", "The access token was revoked."],
  ] as const)("refuses the %s token with invalid_token and a fixed description", async (name, description) => {
    const token = fixture.tokens[name];
    const error = await refusal(resourceServer.verifyToken(token));
    expect(error.code).toBe("invalid_token");
    expect(error.status).toBe(401);
    expect(error.description).toBe(description);
    expect(realmChallenge(error)).toBe(
      `Bearer realm="${protectedResourceAudience}", error="invalid_token", error_description="${description}"`,
    );
    // Nothing of the token or of jose's message reaches the response.
    const response = error.toResponse();
    const text = await response.text();
    expect(text).toBe(JSON.stringify({ error: "invalid_token", error_description: description }));
    expect(response.headers.get("cache-control")).toBe("no-store");
  });

  it("refuses malformed input without looking at keys", async () => {
    for (const token of ["", "a", "a.b", "a.b.c", "....", "x".repeat(20_000)]) {
      const error = await refusal(resourceServer.verifyToken(token));
      expect(error.code).toBe("invalid_token");
      expect(error.description).toBe("The access token is malformed.");
    }
    const error = await refusal(resourceServer.verifyToken(42 as unknown as string));
    expect(error.description).toBe("The access token is malformed.");
  });

  it("accepts typ application/at+jwt in any case, and refuses a token without typ", async () => {
    const long = await fixture.signAccessToken({}, { typ: "Application/AT+JWT" });
    expect((await resourceServer.verifyToken(long)).clientId).toBe("service");
    const upper = await fixture.signAccessToken({}, { typ: "AT+JWT" });
    expect((await resourceServer.verifyToken(upper)).clientId).toBe("service");
    const none = await fixture.signAccessToken({}, { typ: undefined });
    expect(decodeProtectedHeader(none).typ).toBeUndefined();
    expect((await refusal(resourceServer.verifyToken(none))).description).toBe(
      "The token is not an access token (its typ must be at+jwt).",
    );
  });

  it("requires exp, iat, jti, client_id and sub, and checks their types", async () => {
    for (const claim of ["exp", "iat", "jti", "client_id", "sub", "iss", "aud"]) {
      const token = await fixture.signAccessToken({ [claim]: undefined });
      expect(decodeJwt(token)).not.toHaveProperty(claim);
      const error = await refusal(resourceServer.verifyToken(token));
      expect([claim, error.description]).toEqual([claim, "The access token lacks a required claim."]);
    }
    for (const claims of [{ client_id: 7 }, { sub: "" }, { jti: ["a"] }, { scope: ["read"] }, { exp: "later" }, { aud: [protectedResourceAudience, 3] }]) {
      const error = await refusal(resourceServer.verifyToken(await fixture.signAccessToken(claims)));
      expect([claims, error.code]).toEqual([claims, "invalid_token"]);
    }
  });

  it("accepts an aud array that includes the audience, and any of several audiences", async () => {
    const token = await fixture.signAccessToken({ aud: ["https://other.example", protectedResourceAudience] });
    expect((await resourceServer.verifyToken(token)).audience).toEqual(["https://other.example", protectedResourceAudience]);
    const second = createResourceServer({ ...fixture.resourceServerOptions, audience: ["https://a.example", protectedResourceAudience] });
    expect((await second.verifyToken(fixture.tokens.valid)).clientId).toBe("service");
    expect(second.realm).toBe("https://a.example");
  });

  it("parses scopes leniently and without duplicates; a token without scope has none", async () => {
    const spaced = await fixture.signAccessToken({ scope: " read  write read " });
    expect((await resourceServer.verifyToken(spaced)).scopes).toEqual(["read", "write"]);
    const none = await fixture.signAccessToken({ scope: undefined });
    expect((await resourceServer.verifyToken(none)).scopes).toEqual([]);
  });

  it("allows clockTolerance of skew on exp, nbf and iat, and not more", async () => {
    const now = Math.floor(Date.now() / 1000);
    const strict = createResourceServer({ ...fixture.resourceServerOptions, clockTolerance: 0 });
    const lenient = createResourceServer({ ...fixture.resourceServerOptions, clockTolerance: 120 });
    const tokens = [
      await fixture.signAccessToken({ exp: now - 60, iat: now - 600 }),
      await fixture.signAccessToken({ nbf: now + 60 }),
      await fixture.signAccessToken({ iat: now + 60 }),
    ];
    for (const token of tokens) {
      expect((await lenient.verifyToken(token)).clientId).toBe("service");
      expect((await refusal(strict.verifyToken(token))).code).toBe("invalid_token");
    }
  });

  it("follows the now option", async () => {
    const claims = decodeJwt(fixture.tokens.valid);
    const later = createResourceServer({
      ...fixture.resourceServerOptions,
      now: () => ((claims.exp as number) + 31) * 1000,
    });
    expect((await refusal(later.verifyToken(fixture.tokens.valid))).description).toBe("The access token expired.");
    const justBefore = createResourceServer({
      ...fixture.resourceServerOptions,
      now: () => ((claims.exp as number) + 29) * 1000,
    });
    expect((await justBefore.verifyToken(fixture.tokens.valid)).jti).toBe(claims.jti);
  });

  it("refuses algorithms outside its list, even with the right key", async () => {
    const only = createResourceServer({ ...fixture.resourceServerOptions, algorithms: ["ES256"] });
    expect((await refusal(only.verifyToken(fixture.tokens.valid))).description).toBe(
      "The access token is signed with an algorithm this server does not accept.",
    );
  });

  it("never accepts a revoked token again, even past exp within its clock tolerance and after a sweep (issue 18, finding 5)", async () => {
    let ms = Date.now();
    const now = () => ms;
    const revocations = new MemoryStore({ now });
    const authorizationServer = await createScenarioServer(core, { audience: protectedResourceAudience, revocations, now });
    const token = await issueToken(authorizationServer);
    const revoked = await authorizationServer.fetch(
      new Request(`${scenarioIssuer}/revoke`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", authorization: basicAuthorization(scenarioClients.service.clientId, scenarioClients.service.clientSecret) },
        body: `token=${token}`,
      }),
    );
    expect(revoked.status).toBe(200);
    const { exp } = decodeJwt(token) as { exp: number };
    const server = createResourceServer({ issuer: scenarioIssuer, audience: protectedResourceAudience, keys: authorizationServer.keys, revocations, now });
    // Past exp, within the default 30 s tolerance; enough writes to run the store's sweep.
    ms = exp * 1000 + 20_000;
    for (let i = 0; i < 3_000; i++) await revocations.reserve(`r${i}`, 1);
    expect((await refusal(server.verifyToken(token))).description).toBe("The access token was revoked.");
  });

  it("refuses a clock tolerance longer than revocation marks are kept, when it checks revocations", () => {
    const options = { ...fixture.resourceServerOptions, revocations: new MemoryStore() };
    expect(() => createResourceServer({ ...options, clockTolerance: revocationGrace + 1 })).toThrow(/^clockTolerance: must be at most 300 s/);
    expect(() => createResourceServer({ ...options, clockTolerance: revocationGrace })).not.toThrow();
    expect(() => createResourceServer({ ...options, revocations: undefined, clockTolerance: 3600 })).not.toThrow();
  });

  it("checks revocation by jti and by the client's line, and answers 503 when the check fails", async () => {
    const revocations = new MemoryStore();
    const server = createResourceServer({ ...fixture.resourceServerOptions, revocations });
    const principal = await server.verifyToken(fixture.tokens.valid);
    await revocations.revokeToken(principal.jti, principal.expiresAt + revocationGrace);
    expect((await refusal(server.verifyToken(fixture.tokens.valid))).description).toBe("The access token was revoked.");
    const other = await fixture.signAccessToken();
    await expect(server.verifyToken(other)).resolves.toMatchObject({ clientId: principal.clientId });
    const { iat } = decodeJwt(other) as { iat: number };
    await revocations.revokeClientTokens(principal.clientId, iat + 1, principal.expiresAt + revocationGrace);
    expect((await refusal(server.verifyToken(other))).description).toBe("The access token was revoked.");

    const onError = vi.fn();
    const failing = createResourceServer({
      ...fixture.resourceServerOptions,
      revocations: { isRevoked: () => Promise.reject(new Error("database down")) },
      onError,
    });
    const error = await refusal(failing.verifyToken(fixture.tokens.valid));
    expect([error.code, error.status]).toEqual(["temporarily_unavailable", 503]);
    expect(error.headers["retry-after"]).toBe("1");
    expect(error.headers["www-authenticate"]).toBeUndefined();
    expect(onError).toHaveBeenCalledOnce();
    expect(await error.toResponse().json()).toEqual({
      error: "temporarily_unavailable",
      error_description: "The resource server cannot verify access tokens right now.",
    });
  });

  it("does not report invalid tokens to onError", async () => {
    const onError = vi.fn();
    const server = createResourceServer({ ...fixture.resourceServerOptions, onError });
    for (const token of Object.values(fixture.tokens).filter((t) => t !== fixture.tokens.valid && t !== fixture.tokens.dpopBound)) {
      await refusal(server.verifyToken(token));
    }
    expect(onError).not.toHaveBeenCalled();
  });
});

describe("key sources", () => {
  it("takes a static JWK Set of public keys", async () => {
    const jwks = await fixture.authorizationServer.keys.jwks();
    const server = createResourceServer({ ...fixture.resourceServerOptions, keys: undefined, jwks });
    expect((await server.verifyToken(fixture.tokens.valid)).clientId).toBe("service");
    expect((await refusal(server.verifyToken(fixture.tokens.unknownKey))).code).toBe("invalid_token");
  });

  it("verifies ES256 and EdDSA tokens from real servers", async () => {
    for (const alg of ["ES256", "EdDSA"] as const) {
      const key = await generateSigningKey(alg);
      const authorizationServer = await createScenarioServer(core, { audience: protectedResourceAudience }, key.privateKeyPem);
      const server = createResourceServer({ issuer: scenarioIssuer, audience: protectedResourceAudience, keys: authorizationServer.keys });
      const token = await issueToken(authorizationServer);
      expect(decodeProtectedHeader(token).alg).toBe(alg);
      expect((await server.verifyToken(token)).clientId).toBe("service");
    }
  });

  it("follows an in-process server through rotation", async () => {
    const authorizationServer = await createScenarioServer(core, { audience: protectedResourceAudience });
    const server = createResourceServer({ issuer: scenarioIssuer, audience: protectedResourceAudience, keys: authorizationServer.keys });
    const before = await issueToken(authorizationServer);
    expect((await server.verifyToken(before)).clientId).toBe("service");

    const [old] = await authorizationServer.keys.list();
    const next = await generateSigningKey("ES256");
    await authorizationServer.keys.add(next.privateKeyPem);
    await authorizationServer.keys.activate(next.kid);
    const after = await issueToken(authorizationServer);
    expect(decodeProtectedHeader(after).kid).toBe(next.kid);
    expect((await server.verifyToken(after)).clientId).toBe("service");
    expect((await server.verifyToken(before)).clientId).toBe("service");

    await authorizationServer.keys.retire(old?.kid as string);
    expect((await refusal(server.verifyToken(before))).description).toBe(
      "The access token is signed with a key this server does not know.",
    );
    expect((await server.verifyToken(after)).clientId).toBe("service");
  });

  it("reads keys.jwks() for every token and rebuilds the key set only when it is another object", async () => {
    const published = await fixture.authorizationServer.keys.jwks();
    let reads = 0;
    let copies = 0;
    /** A JWK Set that counts how often it is copied (jose's local key set clones it once). */
    const counted = () => ({
      get keys() {
        copies++;
        return published.keys;
      },
    });
    let current = counted();
    const keys = {
      issuer: scenarioIssuer,
      jwks: async () => {
        reads++;
        return current;
      },
    } as unknown as KeyManager;
    const server = createResourceServer({ ...fixture.resourceServerOptions, keys });
    for (let i = 0; i < 3; i++) await server.verifyToken(fixture.tokens.valid);
    expect([reads, copies]).toEqual([3, 1]);
    current = counted();
    for (let i = 0; i < 3; i++) await server.verifyToken(fixture.tokens.valid);
    expect([reads, copies]).toEqual([6, 2]);
  });

  it("answers 503 when the in-process server's keys failed to load", async () => {
    const onError = vi.fn();
    const broken = await createScenarioServer(core, { audience: protectedResourceAudience }, "not a key");
    await broken.ready.catch(() => {});
    const server = createResourceServer({ issuer: scenarioIssuer, audience: protectedResourceAudience, keys: broken.keys, onError });
    const error = await refusal(server.verifyToken(fixture.tokens.valid));
    expect([error.code, error.status]).toEqual(["temporarily_unavailable", 503]);
    expect(onError).toHaveBeenCalledOnce();
  });
});

/** A fetch that answers from an authorization server in this process, counting requests. */
function countingFetch(server: AuthorizationServer, overrides: Record<string, () => Response> = {}) {
  const calls: string[] = [];
  const fetch: FetchFunction = async (url, init) => {
    calls.push(new URL(url).pathname);
    const override = overrides[new URL(url).pathname];
    if (override !== undefined) return override();
    expect(init.redirect).toBe("manual");
    return server.fetch(new Request(url, { method: init.method, headers: init.headers }));
  };
  return { calls, fetch };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("remote keys (jwksUri), through an injected fetch", () => {
  const jwksUri = `${scenarioIssuer}/.well-known/jwks.json`;

  it("fetches the JWKS once and caches it", async () => {
    const { calls, fetch } = countingFetch(fixture.authorizationServer);
    const server = createResourceServer({ ...fixture.resourceServerOptions, keys: undefined, jwksUri, fetch });
    await Promise.all([server.verifyToken(fixture.tokens.valid), server.verifyToken(fixture.tokens.valid)]);
    await server.verifyToken(fixture.tokens.valid);
    expect(calls).toEqual(["/.well-known/jwks.json"]);
  });

  it("refetches for an unknown kid at most once per cool-down, and follows rotation", async () => {
    const authorizationServer = await createScenarioServer(core, { audience: protectedResourceAudience });
    const { calls, fetch } = countingFetch(authorizationServer);
    const server = createResourceServer({
      issuer: scenarioIssuer,
      audience: protectedResourceAudience,
      jwksUri,
      fetch,
      jwksCooldown: 0.3,
    });
    const [old] = await authorizationServer.keys.list();
    const before = await issueToken(authorizationServer);
    expect((await server.verifyToken(before)).clientId).toBe("service");
    expect(calls).toHaveLength(1);

    // A new key signs: its kid is unknown, and once the cool-down has passed it is refetched.
    const next = await generateSigningKey("EdDSA");
    await authorizationServer.keys.add(next.privateKeyPem);
    await authorizationServer.keys.activate(next.kid);
    const after = await issueToken(authorizationServer);
    await sleep(350);
    expect((await server.verifyToken(after)).clientId).toBe("service");
    expect(calls).toHaveLength(2);

    // Made-up kids right after: refused without another fetch.
    for (const kid of ["made-up-1", "made-up-2", "made-up-3"]) {
      const bogus = await fixture.signAccessToken({}, { kid });
      expect((await refusal(server.verifyToken(bogus))).description).toBe(
        "The access token is signed with a key this server does not know.",
      );
    }
    expect(calls).toHaveLength(2);

    // The old key is retired: after the cool-down, its tokens are refused once the set is refetched.
    await authorizationServer.keys.retire(old?.kid as string);
    await sleep(350);
    const bogus = await fixture.signAccessToken({}, { kid: "made-up-4" });
    await refusal(server.verifyToken(bogus)); // triggers the refetch
    expect(calls).toHaveLength(3);
    expect((await refusal(server.verifyToken(before))).description).toBe(
      "The access token is signed with a key this server does not know.",
    );
    expect((await server.verifyToken(after)).clientId).toBe("service");
    expect(calls).toHaveLength(3);
  });

  it("answers 503 with Retry-After when the JWKS cannot be fetched, and backs off", async () => {
    let now = Date.now();
    let down = true;
    const onError = vi.fn();
    const calls: boolean[] = [];
    const fetch: FetchFunction = async (url) => {
      calls.push(down);
      return down ? new Response("bad gateway", { status: 502 }) : fixture.authorizationServer.fetch(new Request(url));
    };
    const server = createResourceServer({
      ...fixture.resourceServerOptions,
      keys: undefined,
      jwksUri,
      fetch,
      jwksCooldown: 10,
      onError,
      now: () => now,
    });
    const error = await refusal(server.verifyToken(fixture.tokens.valid));
    expect([error.code, error.status, error.headers["retry-after"]]).toEqual(["temporarily_unavailable", 503, "10"]);
    const response = error.toResponse();
    expect(response.headers.get("retry-after")).toBe("10");
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(response.headers.get("www-authenticate")).toBeNull();
    expect(onError).toHaveBeenCalledOnce();
    expect(calls).toEqual([true]);

    // Within the back-off: no traffic at all, even with the issuer back.
    down = false;
    now += 5_000;
    expect((await refusal(server.verifyToken(fixture.tokens.valid))).status).toBe(503);
    expect(calls).toEqual([true]);

    now += 6_000;
    expect((await server.verifyToken(fixture.tokens.valid)).clientId).toBe("service");
    expect(calls).toEqual([true, false]);
  });

  it("does not fetch at all for tokens refused before key selection", async () => {
    const { calls, fetch } = countingFetch(fixture.authorizationServer);
    const server = createResourceServer({ ...fixture.resourceServerOptions, keys: undefined, jwksUri, fetch });
    for (const token of [fixture.tokens.wrongType, fixture.tokens.unsigned, fixture.tokens.hmacConfusion, "a.b.c"]) {
      expect((await refusal(server.verifyToken(token))).code).toBe("invalid_token");
    }
    expect(calls).toEqual([]);
  });
});

describe("discovery through RFC 8414 metadata", () => {
  it("finds jwks_uri at the well-known URL, once", async () => {
    const { calls, fetch } = countingFetch(fixture.authorizationServer);
    const server = createResourceServer({ issuer: scenarioIssuer, audience: protectedResourceAudience, fetch });
    await Promise.all([server.verifyToken(fixture.tokens.valid), server.verifyToken(fixture.tokens.valid)]);
    await server.verifyToken(fixture.tokens.valid);
    expect(calls).toEqual(["/.well-known/oauth-authorization-server", "/.well-known/jwks.json"]);
  });

  it("inserts the well-known suffix before the issuer's path (RFC 8414 §3.1)", async () => {
    const issuer = "http://localhost/tenants/a";
    const tenant = await createScenarioServer(core, { issuer, audience: protectedResourceAudience });
    const { calls, fetch } = countingFetch(tenant);
    const server = createResourceServer({ issuer, audience: protectedResourceAudience, fetch });
    const token = await issueToken(tenant, "read");
    expect((await server.verifyToken(token)).clientId).toBe("service");
    expect(calls).toEqual(["/.well-known/oauth-authorization-server/tenants/a", "/tenants/a/.well-known/jwks.json"]);
  });

  it("refuses metadata naming another issuer (RFC 8414 §3.3) with 503, and retries after the cool-down", async () => {
    let now = Date.now();
    const onError = vi.fn();
    let impostor = true;
    const { calls, fetch } = countingFetch(fixture.authorizationServer, {
      "/.well-known/oauth-authorization-server": () =>
        Response.json({
          issuer: impostor ? "https://evil.example" : scenarioIssuer,
          jwks_uri: `${scenarioIssuer}/.well-known/jwks.json`,
        }),
    });
    const server = createResourceServer({
      issuer: scenarioIssuer,
      audience: protectedResourceAudience,
      fetch,
      onError,
      jwksCooldown: 30,
      now: () => now,
    });
    const error = await refusal(server.verifyToken(fixture.tokens.valid));
    expect([error.code, error.status, error.headers["retry-after"]]).toEqual(["temporarily_unavailable", 503, "30"]);
    expect(String((onError.mock.calls[0]?.[0] as Error).cause)).toContain("names another issuer");
    expect(calls).toEqual(["/.well-known/oauth-authorization-server"]);

    impostor = false;
    now += 10_000;
    expect((await refusal(server.verifyToken(fixture.tokens.valid))).status).toBe(503);
    expect(calls).toHaveLength(1);
    now += 25_000;
    expect((await server.verifyToken(fixture.tokens.valid)).clientId).toBe("service");
    expect(calls).toEqual([
      "/.well-known/oauth-authorization-server",
      "/.well-known/oauth-authorization-server",
      "/.well-known/jwks.json",
    ]);
  });

  it.each([
    ["a 404", () => new Response("not found", { status: 404 })],
    ["a redirect", () => new Response(null, { status: 302, headers: { location: "https://evil.example/" } })],
    ["not JSON", () => new Response("<html>", { status: 200 })],
    ["no jwks_uri", () => Response.json({ issuer: scenarioIssuer })],
    ["an http jwks_uri off loopback", () => Response.json({ issuer: scenarioIssuer, jwks_uri: "http://keys.example/jwks" })],
  ])("answers 503 for %s", async (_name, answer) => {
    const onError = vi.fn();
    const { fetch } = countingFetch(fixture.authorizationServer, { "/.well-known/oauth-authorization-server": answer });
    const server = createResourceServer({ issuer: scenarioIssuer, audience: protectedResourceAudience, fetch, onError });
    const error = await refusal(server.verifyToken(fixture.tokens.valid));
    expect(error.status).toBe(503);
    expect(onError).toHaveBeenCalledOnce();
    // The cause is for the operator; the client sees a fixed text.
    expect(await error.toResponse().text()).not.toContain("localhost");
  });

  it("answers 503 when fetch itself fails", async () => {
    const server = createResourceServer({
      issuer: scenarioIssuer,
      audience: protectedResourceAudience,
      fetch: () => Promise.reject(new TypeError("fetch failed")),
      onError: () => {},
    });
    expect((await refusal(server.verifyToken(fixture.tokens.valid))).status).toBe(503);
  });
});

describe("verifyRequest: finding the token (RFC 6750 §2)", () => {
  const url = "http://localhost/api";
  const bodyServer = () =>
    createResourceServer({ ...fixture.resourceServerOptions, allowTokenInBody: true, allowTokenInQuery: true });
  const form = { "content-type": "application/x-www-form-urlencoded" };

  it("takes the Authorization header with one or more spaces after the scheme", async () => {
    for (const value of [`Bearer ${fixture.tokens.valid}`, `BEARER   ${fixture.tokens.valid}`]) {
      const principal = await resourceServer.verifyRequest(new Request(url, { headers: { authorization: value } }));
      expect(principal.clientId).toBe("service");
    }
  });

  it("answers a request without a token with a bare challenge", async () => {
    for (const init of [{}, { authorization: "" }, { authorization: "Basic abc" }, { authorization: "Bearerx abc" }]) {
      const error = await refusal(resourceServer.verifyRequest(new Request(url, { headers: init })));
      expect(error.challengeOnly).toBe(true);
      expect(error.code).toBe("invalid_request");
      const response = error.toResponse();
      expect(response.status).toBe(401);
      const headers: [string, string][] = [];
      response.headers.forEach((value, name) => headers.push([name, value]));
      expect(headers).toEqual([
        ["cache-control", "no-store"],
        ["pragma", "no-cache"],
        ["www-authenticate", `Bearer realm="${protectedResourceAudience}"`],
      ]);
      expect(await response.text()).toBe("");
    }
  });

  it.each([
    ["Bearer"],
    ["Bearer "],
    ["Bearer\tabc"],
    ["Bearer abc def"],
    ["Bearer abc,def"],
    ["Bearer a=b"],
    ["Bearer =abc"],
    ["Bearer abc, Bearer def"],
    ['Bearer "abc"'],
  ])("refuses %j with 400 invalid_request", async (authorization) => {
    const error = await refusal(resourceServer.verifyRequest(new Request(url, { headers: { authorization } })));
    expect([error.status, error.code, error.challengeOnly]).toEqual([400, "invalid_request", false]);
    expect(error.headers["www-authenticate"]).toBe(
      `Bearer realm="${protectedResourceAudience}", error="invalid_request", error_description="The Authorization header is not a well-formed Bearer token."`,
    );
  });

  it("takes the query parameter and the form body only when enabled", async () => {
    const inQuery = new Request(`${url}?access_token=${fixture.tokens.valid}`);
    expect((await refusal(resourceServer.verifyRequest(inQuery))).challengeOnly).toBe(true);
    expect((await bodyServer().verifyRequest(inQuery)).clientId).toBe("service");

    const inBody = () =>
      new Request(url, { method: "POST", headers: form, body: `a=1&access_token=${fixture.tokens.valid}&a=2` });
    expect((await refusal(resourceServer.verifyRequest(inBody()))).challengeOnly).toBe(true);
    const request = inBody();
    expect((await bodyServer().verifyRequest(request)).clientId).toBe("service");
    // The handler can still read the body.
    expect(await request.text()).toBe(`a=1&access_token=${fixture.tokens.valid}&a=2`);
  });

  it("looks in the body only for POST, PUT and PATCH with a form body", async () => {
    const body = `access_token=${fixture.tokens.valid}`;
    for (const method of ["PUT", "PATCH"]) {
      expect((await bodyServer().verifyRequest(new Request(url, { method, headers: form, body }))).clientId).toBe("service");
    }
    const json = new Request(url, { method: "POST", headers: { "content-type": "application/json" }, body });
    expect((await refusal(bodyServer().verifyRequest(json))).challengeOnly).toBe(true);
    const deletion = new Request(url, { method: "DELETE", headers: form, body });
    expect((await refusal(bodyServer().verifyRequest(deletion))).challengeOnly).toBe(true);
  });

  it("refuses a token sent more than one way, or repeated, with 400", async () => {
    const token = fixture.tokens.valid;
    const requests = [
      new Request(`${url}?access_token=${token}`, { headers: { authorization: `Bearer ${token}` } }),
      new Request(url, { method: "POST", headers: { ...form, authorization: `Bearer ${token}` }, body: `access_token=${token}` }),
      new Request(`${url}?access_token=${token}`, { method: "POST", headers: form, body: `access_token=${token}` }),
    ];
    for (const request of requests) {
      const error = await refusal(bodyServer().verifyRequest(request));
      expect([error.status, error.code, error.description]).toEqual([
        400,
        "invalid_request",
        "The request uses more than one method to send the access token.",
      ]);
    }
    for (const request of [
      new Request(`${url}?access_token=${token}&access_token=${token}`),
      new Request(url, { method: "POST", headers: form, body: `access_token=${token}&access_token=x` }),
    ]) {
      expect((await refusal(bodyServer().verifyRequest(request))).description).toBe("The access_token parameter is repeated.");
    }
    for (const request of [
      new Request(`${url}?access_token=a%20b`),
      new Request(url, { method: "POST", headers: form, body: "access_token=%zz" }),
    ]) {
      expect((await refusal(bodyServer().verifyRequest(request))).description).toBe("The access_token parameter is malformed.");
    }
  });

  it("counts an empty access_token parameter as absent", async () => {
    const error = await refusal(bodyServer().verifyRequest(new Request(`${url}?access_token=`)));
    expect(error.challengeOnly).toBe(true);
  });

  it("refuses a form body over maxBodyBytes with 413", async () => {
    const server = createResourceServer({ ...fixture.resourceServerOptions, allowTokenInBody: true, maxBodyBytes: 1024 });
    const request = new Request(url, { method: "POST", headers: form, body: `access_token=${fixture.tokens.valid}&pad=${"a".repeat(2048)}` });
    const error = await refusal(server.verifyRequest(request));
    expect([error.status, error.code]).toEqual([413, "invalid_request"]);
    expect(error.headers["www-authenticate"]).toMatch(/^Bearer realm=".*", error="invalid_request"/);
  });

  it("then verifies the token it found", async () => {
    const error = await refusal(resourceServer.verifyRequest(new Request(url, { headers: { authorization: `Bearer ${fixture.tokens.expired}` } })));
    expect(error.code).toBe("invalid_token");
  });
});

describe("scopes (RFC 6750 §3.1)", () => {
  it("requireScopes throws 403 insufficient_scope naming every required scope", async () => {
    const principal = await resourceServer.verifyToken(fixture.tokens.valid);
    expect(() => resourceServer.requireScopes(principal, ["read", "write"])).not.toThrow();
    expect(() => resourceServer.requireScopes(principal, [])).not.toThrow();
    let thrown: unknown;
    try {
      resourceServer.requireScopes(principal, ["read", "admin"]);
    } catch (error) {
      thrown = error;
    }
    const error = thrown as OAuthError;
    expect([error.status, error.code]).toEqual([403, "insufficient_scope"]);
    const response = error.toResponse();
    expect(response.headers.get("www-authenticate")).toBe(
      `Bearer realm="${protectedResourceAudience}", error="insufficient_scope", error_description="The access token lacks a scope this resource requires.", scope="read admin"`,
    );
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(await response.json()).toEqual({
      error: "insufficient_scope",
      error_description: "The access token lacks a scope this resource requires.",
    });
  });

  it("authorize verifies then checks scopes", async () => {
    const request = () => new Request("http://localhost/", { headers: { authorization: `Bearer ${fixture.tokens.valid}` } });
    expect((await resourceServer.authorize(request())).clientId).toBe("service");
    expect((await resourceServer.authorize(request(), ["write"])).scopes).toContain("write");
    expect((await refusal(resourceServer.authorize(request(), ["admin"]))).status).toBe(403);
  });

  it("throws a TypeError for required scopes that are not scope tokens", async () => {
    const principal = await resourceServer.verifyToken(fixture.tokens.valid);
    expect(() => resourceServer.requireScopes(principal, ['a"b'])).toThrow(TypeError);
    expect(() => resourceServer.requireScopes(principal, "read" as unknown as string[])).toThrow(TypeError);
    await expect(resourceServer.authorize(new Request("http://localhost/"), ["a b"])).rejects.toThrow(TypeError);
  });
});

describe("the challenge", () => {
  it("quotes the realm as an RFC 9110 quoted-string", async () => {
    const server = createResourceServer({ ...fixture.resourceServerOptions, realm: 'api "v2" \\ test' });
    const error = await refusal(server.verifyRequest(new Request("http://localhost/")));
    expect(error.toResponse().headers.get("www-authenticate")).toBe('Bearer realm="api \\"v2\\" \\\\ test"');
  });
});

describe("options", () => {
  const base: ResourceServerOptions = { issuer: scenarioIssuer, audience: protectedResourceAudience };

  it.each([
    ["issuer", { issuer: "http://auth.example" }],
    ["issuer", { issuer: "https://auth.example/?x=1" }],
    ["issuer", { issuer: "not a url" }],
    ["issuer", { issuer: undefined }],
    ["audience", { audience: [] }],
    ["audience", { audience: "" }],
    ["audience", { audience: undefined }],
    ["algorithms", { algorithms: ["HS256"] }],
    ["algorithms", { algorithms: ["none"] }],
    ["algorithms", { algorithms: ["RS256", "HS512"] }],
    ["algorithms", { algorithms: [] }],
    ["algorithms", { algorithms: ["RSA-OAEP"] }],
    ["keys", { jwksUri: "https://auth.example/jwks", jwks: { keys: [] } }],
    ["keys", { keys: { jwks: [] } }],
    ["jwks", { jwks: { keys: [] } }],
    ["jwks", { jwks: { keys: [{ kty: "oct", k: "c2VjcmV0" }] } }],
    ["jwks", { jwks: { keys: [{ kty: "RSA", n: "x", e: "AQAB", d: "secret" }] } }],
    ["keys", { keys: "jwks" }],
    ["jwksUri", { jwksUri: "http://auth.example/jwks" }],
    ["jwksUri", { jwksUri: "https://user:pass@auth.example/jwks" }],
    ["jwksCooldown", { jwksCooldown: -1 }],
    ["jwksCacheMaxAge", { jwksCacheMaxAge: Number.NaN }],
    ["fetchTimeout", { fetchTimeout: 0 }],
    ["fetch", { fetch: "fetch" }],
    ["clockTolerance", { clockTolerance: -5 }],
    ["revocations", { revocations: new Map() }],
    ["realm", { realm: "line\nbreak" }],
    ["realm", { realm: "" }],
    ["allowTokenInBody", { allowTokenInBody: "yes" }],
    ["allowTokenInQuery", { allowTokenInQuery: 1 }],
    ["maxBodyBytes", { maxBodyBytes: 0 }],
    ["onError", { onError: "log" }],
    ["now", { now: 0 }],
  ])("refuses a wrong %s with a TypeError naming it", (name, overrides) => {
    expect(() => createResourceServer({ ...base, ...(overrides as object) } as ResourceServerOptions)).toThrow(
      new RegExp(`^${name}: `),
    );
    try {
      createResourceServer({ ...base, ...(overrides as object) } as ResourceServerOptions);
    } catch (error) {
      expect(error).toBeInstanceOf(TypeError);
      expect((error as { code?: string }).code).toBe("ERR_INVALID_ARG_VALUE");
    }
  });

  it("refuses an in-process server of another issuer", async () => {
    expect(() => createResourceServer({ ...base, issuer: "https://auth.example", keys: fixture.authorizationServer.keys })).toThrow(
      /^keys: /,
    );
  });

  it("accepts loopback http, a public JWK Set, and exposes issuer, audience and realm", async () => {
    const { publicKey } = await generateKeyPair("ES256");
    const server = createResourceServer({
      issuer: "http://127.0.0.1:8080",
      audience: ["https://a.example", "https://b.example"],
      jwks: { keys: [{ ...(await exportJWK(publicKey)), kid: "k1" }] },
    });
    expect([server.issuer, server.audience, server.realm]).toEqual([
      "http://127.0.0.1:8080",
      ["https://a.example", "https://b.example"],
      "https://a.example",
    ]);
    expect(Object.isFrozen(server)).toBe(true);
  });

  it("verifies with a kid-less token against a set with several keys of its type", async () => {
    const other = await generateKeyPair("RS256", { modulusLength: 2048 });
    const own = await fixture.authorizationServer.keys.jwks();
    const server = createResourceServer({
      ...fixture.resourceServerOptions,
      keys: undefined,
      jwks: { keys: [{ ...(await exportJWK(other.publicKey)) }, ...own.keys.map(({ kid: _kid, ...jwk }) => jwk)] },
    });
    const token = await new SignJWT({ ...decodeJwt(fixture.tokens.valid) })
      .setProtectedHeader({ alg: "RS256", typ: "at+jwt" })
      .sign(fixture.signingKey.privateKey);
    expect((await server.verifyToken(token)).clientId).toBe("service");
  });
});
