import type * as TesseraCore from "@tessera/core";
import type * as TesseraTesting from "@tessera/core/testing";
import type * as Jose from "jose";

/**
 * What the suite tests, injected by each runtime's runner as that runtime loads it: the core,
 * its `./testing` helpers, and the parts of jose that check its tokens the way a resource server
 * would. The suite itself imports nothing, so it runs wherever the runner can import these.
 */
export interface ConformanceLibrary {
  readonly core: typeof TesseraCore;
  readonly testing: typeof TesseraTesting;
  readonly jose: Pick<typeof Jose, "calculateJwkThumbprint" | "createLocalJWKSet" | "decodeProtectedHeader" | "jwtVerify">;
}

/** One check: `run` resolves with every problem it found, none when the runtime conforms. */
export interface ConformanceCheck {
  readonly name: string;
  run(): Promise<readonly string[]>;
}

/** How one check went on one runtime. */
export interface ConformanceResult {
  readonly name: string;
  readonly problems: readonly string[];
}

type AuthorizationServer = TesseraCore.AuthorizationServer;
type JsonObject = Record<string, unknown>;

/** Concurrent token requests in the concurrency check. */
export const concurrentRequests = 100;

/**
 * The checks, in order: every row of the token endpoint scenario table (each success and each
 * error), every row of the revocation and introspection scenario table, then the metadata and JWKS documents, tokens verified against the JWKS as a resource
 * server would (RS256, ES256 and EdDSA keys, both client authentication methods), a hashed client
 * secret, key rotation, routing, a failing repository, {@link concurrentRequests} requests at
 * once; then the resource server: every row of the protected resource scenario table, and
 * discovery of the JWKS through the metadata. Listing them does no work: servers and keys are made when a check runs (Workers refuse
 * random values outside a request).
 */
export function conformanceChecks({ core, testing, jose }: ConformanceLibrary): readonly ConformanceCheck[] {
  const issuer = testing.scenarioIssuer;
  const { service } = testing.scenarioClients;
  let scenarioServer: Promise<AuthorizationServer> | undefined;
  const sharedServer = () => (scenarioServer ??= testing.createScenarioServer());

  const get = (server: AuthorizationServer, path: string, headers: Record<string, string> = {}) =>
    server.fetch(new Request(issuer + path, { headers }));

  /** POSTs a client credentials request for the service client. */
  function requestToken(server: AuthorizationServer, method: "basic" | "post", scope?: string): Promise<Response> {
    const body = new URLSearchParams({ grant_type: "client_credentials" });
    if (scope !== undefined) body.set("scope", scope);
    const headers: Record<string, string> = { "content-type": "application/x-www-form-urlencoded" };
    if (method === "basic") {
      headers.authorization = testing.basicAuthorization(service.clientId, service.clientSecret);
    } else {
      body.set("client_id", service.clientId);
      body.set("client_secret", service.clientSecret);
    }
    return server.fetch(new Request(`${issuer}/token`, { method: "POST", headers, body: body.toString() }));
  }

  /** A token from `server`, or the problem with the response. */
  async function issue(server: AuthorizationServer, problems: Problems, method: "basic" | "post" = "basic", scope?: string) {
    const response = await requestToken(server, method, scope);
    const body = (await response.json()) as JsonObject;
    problems.equal(response.status, 200, "token response status");
    problems.check(typeof body.access_token === "string", "no access_token");
    return { token: String(body.access_token), body };
  }

  async function jwksOf(server: AuthorizationServer): Promise<{ jwks: Jose.JSONWebKeySet; etag: string | null }> {
    const response = await get(server, "/.well-known/jwks.json");
    return { jwks: (await response.json()) as Jose.JSONWebKeySet, etag: response.headers.get("etag") };
  }

  /** Verifies `token` against `jwks` as an RFC 9068 access token for the scenario issuer. */
  async function verify(token: string, jwks: Jose.JSONWebKeySet, algorithms: readonly string[]) {
    return jose.jwtVerify(token, jose.createLocalJWKSet(jwks), {
      issuer,
      audience: issuer,
      typ: "at+jwt",
      algorithms: [...algorithms],
      requiredClaims: ["iss", "sub", "aud", "exp", "iat", "jti", "client_id"],
    });
  }

  /** The claims every token for the service client carries (RFC 9068 §2.2). */
  function checkClaims(problems: Problems, payload: Jose.JWTPayload, scope: string, expiresIn: unknown): void {
    problems.equal(payload.sub, service.clientId, "sub");
    problems.equal(payload.client_id, service.clientId, "client_id");
    problems.equal(payload.scope, scope, "scope claim");
    problems.check(typeof payload.jti === "string" && payload.jti.length >= 16, "jti is not a random identifier");
    problems.equal((payload.exp ?? 0) - (payload.iat ?? 0), expiresIn, "exp - iat, against expires_in");
    const now = Math.floor(Date.now() / 1000);
    problems.check(Math.abs((payload.iat ?? 0) - now) <= 60, "iat is not the current time");
  }

  const scenarioChecks = testing.tokenEndpointScenarios.map(
    (scenario): ConformanceCheck => ({
      name: `token endpoint: ${scenario.name}`,
      async run() {
        const server = await sharedServer();
        const response = await server.fetch(testing.scenarioRequest(issuer, scenario.request));
        return testing.scenarioMismatches(response, scenario.expect);
      },
    }),
  );

  const managementChecks = testing.tokenManagementScenarios.map(
    (scenario): ConformanceCheck => ({
      name: `revocation and introspection: ${scenario.name}`,
      async run() {
        const server = await sharedServer();
        return testing.tokenManagementMismatches((request) => server.fetch(testing.scenarioRequest(issuer, request)), scenario);
      },
    }),
  );

  const verificationChecks = (["basic", "post"] as const).map(
    (method): ConformanceCheck => ({
      name: `a token for client_secret_${method} verifies against the JWKS as an RFC 9068 access token`,
      async run() {
        const problems = new Problems();
        const server = await sharedServer();
        const { token, body } = await issue(server, problems, method, "write");
        const { jwks } = await jwksOf(server);
        const { payload, protectedHeader } = await verify(token, jwks, ["RS256"]);
        problems.equal(protectedHeader.typ, "at+jwt", "typ header");
        problems.equal(protectedHeader.kid, jwks.keys[0]?.kid, "kid header, against the JWKS");
        checkClaims(problems, payload, "write", body.expires_in);
        return problems.list;
      },
    }),
  );

  const algorithmChecks = (["RS256", "ES256", "EdDSA"] as const).map(
    (alg): ConformanceCheck => ({
      name: `${alg}: a generated key, given as PKCS#8 PEM, signs tokens that verify against the JWKS`,
      async run() {
        const problems = new Problems();
        const key = await core.generateSigningKey(alg);
        const server = await testing.createScenarioServer({}, key.privateKeyPem);
        const { jwks } = await jwksOf(server);
        problems.equal(JSON.stringify(jwks.keys), JSON.stringify([key.publicJwk]), "the JWKS, against the generated public key");
        const { token, body } = await issue(server, problems);
        problems.equal(jose.decodeProtectedHeader(token).kid, key.kid, "kid header");
        const { payload } = await verify(token, jwks, [alg]);
        checkClaims(problems, payload, "read", body.expires_in);
        return problems.list;
      },
    }),
  );

  const documentChecks: ConformanceCheck[] = [
    {
      name: "metadata: the RFC 8414 document, cacheable, its ETag answering If-None-Match with 304",
      async run() {
        const problems = new Problems();
        const server = await sharedServer();
        const response = await get(server, "/.well-known/oauth-authorization-server");
        problems.equal(response.status, 200, "status");
        problems.equal(response.headers.get("content-type"), "application/json", "content-type");
        problems.equal(response.headers.get("cache-control"), "public, max-age=3600", "cache-control");
        const body = (await response.json()) as JsonObject;
        problems.equal(body.issuer, issuer, "issuer");
        problems.equal(body.token_endpoint, `${issuer}/token`, "token_endpoint");
        problems.equal(body.jwks_uri, `${issuer}/.well-known/jwks.json`, "jwks_uri");
        problems.equal(JSON.stringify(body.grant_types_supported), '["client_credentials"]', "grant_types_supported");
        problems.equal(
          JSON.stringify(body.token_endpoint_auth_methods_supported),
          '["client_secret_basic","client_secret_post"]',
          "token_endpoint_auth_methods_supported",
        );
        await checkNotModified(problems, server, "/.well-known/oauth-authorization-server", response.headers.get("etag"));
        return problems.list;
      },
    },
    {
      name: "JWKS: public members only, kid the RFC 7638 thumbprint, cacheable, HEAD and 304",
      async run() {
        const problems = new Problems();
        const server = await sharedServer();
        const response = await get(server, "/.well-known/jwks.json");
        problems.equal(response.status, 200, "status");
        problems.equal(response.headers.get("content-type"), "application/jwk-set+json", "content-type");
        problems.equal(response.headers.get("cache-control"), "public, max-age=300", "cache-control");
        const { keys } = (await response.json()) as Jose.JSONWebKeySet;
        problems.equal(keys.length, 1, "number of keys");
        for (const key of keys) {
          problems.equal(Object.keys(key).sort().join(","), "alg,e,kid,kty,n,use", "members of the RSA key");
          problems.equal(key.kid, await jose.calculateJwkThumbprint(key, "sha256"), "kid, against the thumbprint");
        }
        const head = await server.fetch(new Request(`${issuer}/.well-known/jwks.json`, { method: "HEAD" }));
        problems.equal(head.status, 200, "HEAD status");
        problems.equal(await head.text(), "", "HEAD body");
        await checkNotModified(problems, server, "/.well-known/jwks.json", response.headers.get("etag"));
        return problems.list;
      },
    },
  ];

  async function checkNotModified(problems: Problems, server: AuthorizationServer, path: string, etag: string | null) {
    problems.check(etag !== null && /^"[^"]+"$/.test(etag), `no strong ETag on ${path}`);
    const conditional = await get(server, path, { "if-none-match": etag ?? "" });
    problems.equal(conditional.status, 304, "If-None-Match status");
    problems.equal(conditional.headers.get("etag"), etag, "ETag of the 304");
    problems.equal(await conditional.text(), "", "body of the 304");
  }

  const behaviourChecks: ConformanceCheck[] = [
    {
      name: "a client registered by client_secret_hash authenticates with its secret, not with another",
      async run() {
        const problems = new Problems();
        const secret = core.generateClientSecret();
        problems.check(/^[A-Za-z0-9_-]{43}$/.test(secret), "generateClientSecret is not 43 base64url characters");
        const clients = new core.InMemoryClientRepository([
          { clientId: service.clientId, clientSecretHash: await core.hashClientSecret(secret), scopes: ["read"] },
        ]);
        const server = await testing.createScenarioServer({ clients });
        const authorized = await server.fetch(tokenRequest(testing.basicAuthorization(service.clientId, secret)));
        problems.equal(authorized.status, 200, "status with the secret");
        const refused = await server.fetch(tokenRequest(testing.basicAuthorization(service.clientId, `${secret}x`)));
        problems.equal(refused.status, 401, "status with another secret");
        problems.equal(((await refused.json()) as JsonObject).error, "invalid_client", "error with another secret");
        return problems.list;
      },
    },
    {
      name: "key rotation: add publishes, activate signs, the old key's tokens verify until it is retired",
      async run() {
        const problems = new Problems();
        const server = await testing.createScenarioServer();
        const before = await jwksOf(server);
        const oldKid = before.jwks.keys[0]?.kid;
        const { token: oldToken } = await issue(server, problems);

        const next = await core.generateSigningKey("ES256");
        problems.equal(await server.keys.add(next.privateKeyPem), next.kid, "kid from keys.add");
        const added = await jwksOf(server);
        problems.equal(added.jwks.keys.map((key) => key.kid).join(","), `${oldKid},${next.kid}`, "kids after add");
        problems.check(added.etag !== before.etag, "the ETag did not change with the key set");
        problems.equal(jose.decodeProtectedHeader((await issue(server, problems)).token).kid, oldKid, "kid before activate");

        await server.keys.activate(next.kid);
        const { token: newToken } = await issue(server, problems);
        problems.equal(jose.decodeProtectedHeader(newToken).kid, next.kid, "kid after activate");
        await verify(newToken, added.jwks, ["ES256"]);
        await verify(oldToken, added.jwks, ["RS256"]);

        if (oldKid !== undefined) await server.keys.retire(oldKid);
        const retired = await jwksOf(server);
        problems.equal(retired.jwks.keys.map((key) => key.kid).join(","), next.kid, "kids after retire");
        const stale = await verify(oldToken, retired.jwks, ["RS256"]).then(
          () => "verified",
          (error: unknown) => (error as { code?: string }).code,
        );
        problems.equal(stale, "ERR_JWKS_NO_MATCHING_KEY", "verifying a token of the retired key");
        return problems.list;
      },
    },
    {
      name: "routing: 404 JSON for another path, 405 with Allow for POST to a document",
      async run() {
        const problems = new Problems();
        const server = await sharedServer();
        const missing = await get(server, "/nothing-here");
        problems.equal(missing.status, 404, "status for another path");
        problems.equal(((await missing.json()) as JsonObject).error, "not_found", "error for another path");
        const post = await server.fetch(new Request(`${issuer}/.well-known/jwks.json`, { method: "POST", body: "x" }));
        problems.equal(post.status, 405, "status of POST to the JWKS");
        problems.equal(post.headers.get("allow"), "GET, HEAD", "Allow of POST to the JWKS");
        return problems.list;
      },
    },
    {
      name: "a failing client repository: 500 server_error without detail, the cause reported to onError",
      async run() {
        const problems = new Problems();
        const reported: unknown[] = [];
        const cause = new Error("the client database is down");
        const server = await testing.createScenarioServer({
          clients: { getClient: () => Promise.reject(cause) },
          onError: (error) => reported.push(error),
        });
        const response = await requestToken(server, "basic");
        problems.equal(response.status, 500, "status");
        const text = await response.text();
        problems.equal((JSON.parse(text) as JsonObject).error, "server_error", "error");
        problems.check(!text.includes("database"), "the cause leaked into the response");
        problems.check(reported.length === 1 && reported[0] === cause, "onError was not told the cause, once");
        return problems.list;
      },
    },
    {
      name: `${concurrentRequests} concurrent token requests to a server still starting: all issued, distinct jti, all verify`,
      async run() {
        const problems = new Problems();
        // Fresh, so the requests arrive while the key is still being imported.
        const server = await testing.createScenarioServer();
        const responses = await Promise.all(
          Array.from({ length: concurrentRequests }, (_, index) => requestToken(server, index % 2 === 0 ? "basic" : "post", "read")),
        );
        const statuses = responses.map((response) => response.status);
        problems.check(statuses.every((status) => status === 200), `statuses: ${[...new Set(statuses)].join(", ")}`);
        const tokens = await Promise.all(responses.map(async (response) => ((await response.json()) as JsonObject).access_token));
        const { jwks } = await jwksOf(server);
        const verified = await Promise.all(tokens.map((token) => verify(String(token), jwks, ["RS256"])));
        const ids = new Set(verified.map(({ payload }) => payload.jti));
        problems.equal(ids.size, concurrentRequests, "distinct jti");
        return problems.list;
      },
    },
  ];

  // The resource server, on the protected resource scenario table: the core's `authorize` and
  // `toResponse`, as every surface mounts them.
  let resourceFixture: Promise<{ fixture: TesseraTesting.ProtectedResourceFixture; resourceServer: TesseraCore.ResourceServer }> | undefined;
  const sharedResource = () =>
    (resourceFixture ??= testing.createProtectedResourceFixture().then((fixture) => ({
      fixture,
      resourceServer: core.createResourceServer(fixture.resourceServerOptions),
    })));

  const resourceChecks = testing.protectedResourceScenarios.map(
    (scenario): ConformanceCheck => ({
      name: `protected resource: ${scenario.name}`,
      async run() {
        const { fixture, resourceServer } = await sharedResource();
        const request = testing.scenarioRequest(issuer, testing.protectedResourceRequest(scenario.request, fixture.tokens));
        const scopes = new URL(request.url).pathname === testing.protectedResourcePaths.admin ? ["admin"] : ["read"];
        let response: Response;
        try {
          const principal = await resourceServer.authorize(request, scopes);
          response = Response.json({ client_id: principal.clientId, scope: principal.scopes.join(" ") });
        } catch (error) {
          if (!(error instanceof core.OAuthError)) throw error;
          response = error.toResponse();
        }
        return testing.protectedResourceMismatches(response, scenario.expect);
      },
    }),
  );

  const discoveryCheck: ConformanceCheck = {
    name: "a resource server finds the JWKS through the issuer's metadata, once, and accepts the server's tokens",
    async run() {
      const problems = new Problems();
      const server = await sharedServer();
      const fetched: string[] = [];
      const resourceServer = core.createResourceServer({
        issuer,
        audience: issuer,
        // The network, in-process: every fetch goes to the authorization server's handler.
        fetch: (url, init) => {
          fetched.push(new URL(url).pathname);
          return server.fetch(new Request(url, init));
        },
      });
      for (const method of ["basic", "post"] as const) {
        const { token } = await issue(server, problems, method, "read");
        const request = new Request(`${issuer}/api`, { headers: { authorization: `Bearer ${token}` } });
        const principal = await resourceServer.authorize(request, ["read"]);
        problems.equal(principal.clientId, service.clientId, "clientId of the principal");
      }
      problems.equal(fetched.join(" "), "/.well-known/oauth-authorization-server /.well-known/jwks.json", "what was fetched");
      return problems.list;
    },
  };

  return [
    ...scenarioChecks,
    ...managementChecks,
    ...documentChecks,
    ...verificationChecks,
    ...algorithmChecks,
    ...behaviourChecks,
    ...resourceChecks,
    discoveryCheck,
  ];

  function tokenRequest(authorization: string): Request {
    return new Request(`${issuer}/token`, {
      method: "POST",
      headers: { authorization, "content-type": "application/x-www-form-urlencoded" },
      body: "grant_type=client_credentials",
    });
  }
}

/**
 * Runs every check, one after another; a check that throws fails with the error's message.
 * Resolves with one result per check, in order.
 */
export async function runConformance(library: ConformanceLibrary): Promise<ConformanceResult[]> {
  const results: ConformanceResult[] = [];
  for (const check of conformanceChecks(library)) {
    let problems: readonly string[];
    try {
      problems = await check.run();
    } catch (error) {
      problems = [`threw ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`];
    }
    results.push({ name: check.name, problems });
  }
  return results;
}

/** Collects what a check finds wrong. */
class Problems {
  readonly list: string[] = [];

  check(ok: boolean, problem: string): void {
    if (!ok) this.list.push(problem);
  }

  equal(actual: unknown, expected: unknown, what: string): void {
    if (!Object.is(actual, expected)) this.list.push(`${what}: ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`);
  }
}
