/**
 * `@tessera/core/testing`: helpers for testing a Tessera deployment or an adapter — request
 * builders that encode credentials exactly as RFC 6749 §2.3.1 says, a throwaway signing key, the
 * token endpoint scenario table that every surface (core, Hono, Node, other runtimes) runs, and
 * the protected resource scenario table for resource servers.
 *
 * @packageDocumentation
 */
import { generateKeyPair } from "jose";
import type { OAuthErrorCode } from "./errors.js";
import { clientCredentialsGrant } from "./grants/client-credentials.js";
import { InMemoryAccessTokenRepository, InMemoryClientRepository, InMemoryScopeRepository } from "./in-memory-repositories.js";
import type { AuthorizationServerOptions } from "./options.js";
import { createAuthorizationServer, type AuthorizationServer } from "./server.js";
import { utf8Encoder } from "./lib/utf8.js";

export {
  createProtectedResourceFixture,
  protectedResourceAudience,
  protectedResourceMismatches,
  protectedResourcePaths,
  protectedResourceRequest,
  protectedResourceScenarios,
  type ProtectedResourceExpectation,
  type ProtectedResourceFixture,
  type ProtectedResourceScenario,
  type ScenarioTokens,
} from "./resource-server/scenarios.js";

/** `application/x-www-form-urlencoded` encoding of one value. */
export function formEncode(value: string): string {
  return new URLSearchParams([["", value]]).toString().slice(1);
}

/**
 * An `Authorization: Basic` value for client credentials: id and secret are form-urlencoded
 * before base64, as RFC 6749 §2.3.1 requires (so `:` in an id survives the split).
 */
export function basicAuthorization(clientId: string, clientSecret: string): string {
  const bytes = utf8Encoder.encode(`${formEncode(clientId)}:${formEncode(clientSecret)}`);
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return `Basic ${btoa(binary)}`;
}

/** A fresh RS256 key pair (RSA-2048) for tests. */
export async function generateTestSigningKey(): Promise<CryptoKeyPair> {
  return generateKeyPair("RS256", { modulusLength: 2048, extractable: true });
}

/** An HTTP request as data, so one scenario can be sent in-process or over the network. */
export interface ScenarioRequest {
  readonly method: string;
  /** Path and query, relative to the server's origin. */
  readonly path: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string | Uint8Array<ArrayBuffer>;
}

/** What a scenario's response must show. */
export interface ScenarioExpectation {
  readonly status: number;
  /** The OAuth `error` code, for error responses. */
  readonly error?: OAuthErrorCode;
  /** The granted `scope`, for successful token responses. */
  readonly scope?: string;
  /** Headers that must be present with these values (names in lower case). */
  readonly headers?: Readonly<Record<string, string>>;
}

/** One row of the token endpoint scenario table. */
export interface TokenEndpointScenario {
  readonly name: string;
  readonly request: ScenarioRequest;
  readonly expect: ScenarioExpectation;
}

/** The clients every scenario server has; ids and secrets exercise the encoding rules. */
export const scenarioClients = {
  /** May use either method; `scopes: read write`, default `read`. */
  service: { clientId: "service", clientSecret: "s3cret-service-secret", scopes: ["read", "write"], defaultScopes: ["read"] },
  /** Registered for `client_secret_post` only. */
  postOnly: { clientId: "post-only", clientSecret: "post-only-secret", scopes: ["read"], tokenEndpointAuthMethod: "client_secret_post" },
  /** Registered for `client_secret_basic` only. */
  basicOnly: { clientId: "basic-only", clientSecret: "basic-only-secret", scopes: ["read"], tokenEndpointAuthMethod: "client_secret_basic" },
  /** An id with a space and a colon, a secret with every character form encoding changes. */
  awkward: { clientId: "awkward id:1", clientSecret: "p:a%s+s&w=o rd", scopes: ["read"] },
  /** Not allowed the client credentials grant. */
  noGrant: { clientId: "no-grant", clientSecret: "no-grant-secret", scopes: ["read"], grantTypes: ["authorization_code"] },
  /** Allowed a scope the server has not registered. */
  unregistered: { clientId: "unregistered", clientSecret: "unregistered-secret", scopes: ["read", "ghost"] },
} as const;

/** The scopes a scenario server registers. */
export const scenarioScopes = ["read", "write", "admin"] as const;

/** The issuer a scenario server uses unless told otherwise. */
export const scenarioIssuer = "http://localhost";

/**
 * A server configured as the scenario table expects, with a fresh key. Override any option,
 * for example the issuer to match a listening port.
 */
export function createScenarioServer(
  overrides: Partial<AuthorizationServerOptions> = {},
  signingKey: AuthorizationServerOptions["signingKey"] | Promise<CryptoKeyPair> = generateTestSigningKey(),
): Promise<AuthorizationServer> {
  return Promise.resolve(signingKey).then((key) =>
    createAuthorizationServer({
      issuer: scenarioIssuer,
      clients: new InMemoryClientRepository(Object.values(scenarioClients)),
      scopes: new InMemoryScopeRepository(scenarioScopes),
      accessTokens: new InMemoryAccessTokenRepository(),
      signingKey: key,
      grants: [clientCredentialsGrant()],
      ...overrides,
    }),
  );
}

const form = { "content-type": "application/x-www-form-urlencoded" } as const;
const { service, postOnly, basicOnly, awkward, noGrant, unregistered } = scenarioClients;
const serviceBasic = basicAuthorization(service.clientId, service.clientSecret);

function tokenPost(body: string, headers: Record<string, string> = {}): ScenarioRequest {
  return { method: "POST", path: "/token", headers: { ...form, ...headers }, body };
}

function postCredentials(client: { clientId: string; clientSecret: string }): string {
  return `client_id=${formEncode(client.clientId)}&client_secret=${formEncode(client.clientSecret)}`;
}

const basicChallenge = { "www-authenticate": `Basic realm="${scenarioIssuer}", charset="UTF-8"` };
const noStore = { "cache-control": "no-store", pragma: "no-cache", "content-type": "application/json" };

/**
 * The token endpoint behaviour, as a table: every success path and every error the endpoint
 * answers, with the status, `error` code and headers it must carry. Run it against the core
 * with `Request` objects and against every adapter over HTTP; the answers must be the same.
 */
export const tokenEndpointScenarios: readonly TokenEndpointScenario[] = [
  {
    name: "client_secret_basic with a scope",
    request: tokenPost("grant_type=client_credentials&scope=write", { authorization: serviceBasic }),
    expect: { status: 200, scope: "write", headers: noStore },
  },
  {
    name: "client_secret_post with a scope",
    request: tokenPost(`grant_type=client_credentials&scope=read&${postCredentials(service)}`),
    expect: { status: 200, scope: "read", headers: noStore },
  },
  {
    name: "no scope: the client's default scopes",
    request: tokenPost("grant_type=client_credentials", { authorization: serviceBasic }),
    expect: { status: 200, scope: "read" },
  },
  {
    name: "an empty scope= counts as absent",
    request: tokenPost("grant_type=client_credentials&scope=", { authorization: serviceBasic }),
    expect: { status: 200, scope: "read" },
  },
  {
    name: "duplicate scopes collapse",
    request: tokenPost("grant_type=client_credentials&scope=write+read+write", { authorization: serviceBasic }),
    expect: { status: 200, scope: "write read" },
  },
  {
    name: "Basic scheme name in any case",
    request: tokenPost("grant_type=client_credentials", { authorization: serviceBasic.replace("Basic", "bAsIc") }),
    expect: { status: 200, scope: "read" },
  },
  {
    name: "Basic credentials form-encoded before base64 (id with space and colon)",
    request: tokenPost("grant_type=client_credentials", {
      authorization: basicAuthorization(awkward.clientId, awkward.clientSecret),
    }),
    expect: { status: 200, scope: "read" },
  },
  {
    name: "post credentials with space, colon, %, +, & and =",
    request: tokenPost(`grant_type=client_credentials&${postCredentials(awkward)}`),
    expect: { status: 200, scope: "read" },
  },
  {
    name: "Basic with a matching client_id in the body",
    request: tokenPost(`grant_type=client_credentials&client_id=${service.clientId}`, { authorization: serviceBasic }),
    expect: { status: 200 },
  },
  {
    name: "content type with a UTF-8 charset",
    request: tokenPost("grant_type=client_credentials", {
      authorization: serviceBasic,
      "content-type": "Application/X-WWW-Form-URLEncoded; charset=UTF-8",
    }),
    expect: { status: 200 },
  },
  {
    name: "GET is not allowed",
    request: { method: "GET", path: "/token?grant_type=client_credentials", headers: { authorization: serviceBasic } },
    expect: { status: 405, error: "invalid_request", headers: { allow: "POST", ...noStore } },
  },
  {
    name: "JSON body",
    request: tokenPost('{"grant_type":"client_credentials"}', { authorization: serviceBasic, "content-type": "application/json" }),
    expect: { status: 400, error: "invalid_request", headers: noStore },
  },
  {
    name: "no content type",
    request: { method: "POST", path: "/token", headers: { authorization: serviceBasic }, body: "grant_type=client_credentials" },
    expect: { status: 400, error: "invalid_request" },
  },
  {
    name: "a charset other than UTF-8",
    request: tokenPost("grant_type=client_credentials", {
      authorization: serviceBasic,
      "content-type": "application/x-www-form-urlencoded; charset=iso-8859-1",
    }),
    expect: { status: 400, error: "invalid_request" },
  },
  {
    name: "body over the limit",
    request: tokenPost(`grant_type=client_credentials&pad=${"a".repeat(17 * 1024)}`, { authorization: serviceBasic }),
    expect: { status: 413, error: "invalid_request", headers: noStore },
  },
  {
    name: "repeated parameter",
    request: tokenPost("grant_type=client_credentials&scope=read&scope=write", { authorization: serviceBasic }),
    expect: { status: 400, error: "invalid_request" },
  },
  {
    name: "repeated grant_type",
    request: tokenPost("grant_type=client_credentials&grant_type=client_credentials", { authorization: serviceBasic }),
    expect: { status: 400, error: "invalid_request" },
  },
  {
    name: "bytes that are not UTF-8",
    request: tokenPost("grant_type=client_credentials&scope=%FF", { authorization: serviceBasic }),
    expect: { status: 400, error: "invalid_request" },
  },
  {
    name: "raw bytes that are not UTF-8",
    request: {
      method: "POST",
      path: "/token",
      headers: { ...form, authorization: serviceBasic },
      body: new Uint8Array([...utf8Encoder.encode("grant_type=client_credentials&x="), 0xc0, 0xaf]),
    },
    expect: { status: 400, error: "invalid_request" },
  },
  {
    name: "malformed percent escape",
    request: tokenPost("grant_type=client_credentials&scope=%zz", { authorization: serviceBasic }),
    expect: { status: 400, error: "invalid_request" },
  },
  {
    name: "client_secret in the URL",
    request: { ...tokenPost(`grant_type=client_credentials&client_id=${service.clientId}`), path: `/token?client_secret=${service.clientSecret}` },
    expect: { status: 400, error: "invalid_request" },
  },
  {
    name: "missing grant_type",
    request: tokenPost("scope=read", { authorization: serviceBasic }),
    expect: { status: 400, error: "invalid_request" },
  },
  {
    name: "unknown grant_type",
    request: tokenPost("grant_type=password&username=a&password=b", { authorization: serviceBasic }),
    expect: { status: 400, error: "unsupported_grant_type", headers: noStore },
  },
  {
    name: "no client authentication",
    request: tokenPost("grant_type=client_credentials"),
    expect: { status: 401, error: "invalid_client", headers: { ...basicChallenge, ...noStore } },
  },
  {
    name: "client_id without a secret (a public client)",
    request: tokenPost(`grant_type=client_credentials&client_id=${service.clientId}`),
    expect: { status: 401, error: "invalid_client" },
  },
  {
    name: "client_secret without client_id",
    request: tokenPost(`grant_type=client_credentials&client_secret=${service.clientSecret}`),
    expect: { status: 400, error: "invalid_request" },
  },
  {
    name: "Basic and post credentials together",
    request: tokenPost(`grant_type=client_credentials&${postCredentials(service)}`, { authorization: serviceBasic }),
    expect: { status: 400, error: "invalid_request" },
  },
  {
    name: "Basic with a different client_id in the body",
    request: tokenPost("grant_type=client_credentials&client_id=other", { authorization: serviceBasic }),
    expect: { status: 400, error: "invalid_request" },
  },
  {
    name: "wrong secret with Basic",
    request: tokenPost("grant_type=client_credentials", { authorization: basicAuthorization(service.clientId, "wrong") }),
    expect: { status: 401, error: "invalid_client", headers: basicChallenge },
  },
  {
    name: "wrong secret with post",
    request: tokenPost(`grant_type=client_credentials&client_id=${service.clientId}&client_secret=wrong`),
    expect: { status: 401, error: "invalid_client", headers: basicChallenge },
  },
  {
    name: "unknown client",
    request: tokenPost("grant_type=client_credentials", { authorization: basicAuthorization("nobody", "whatever") }),
    expect: { status: 401, error: "invalid_client", headers: basicChallenge },
  },
  {
    name: "Basic credentials that are not base64",
    request: tokenPost("grant_type=client_credentials", { authorization: "Basic !!!not-base64!!!" }),
    expect: { status: 401, error: "invalid_client", headers: basicChallenge },
  },
  {
    name: "Basic credentials without a colon",
    request: tokenPost("grant_type=client_credentials", { authorization: `Basic ${btoa("service")}` }),
    expect: { status: 401, error: "invalid_client", headers: basicChallenge },
  },
  {
    name: "empty Basic credentials",
    request: tokenPost("grant_type=client_credentials", { authorization: "Basic " }),
    expect: { status: 401, error: "invalid_client", headers: basicChallenge },
  },
  {
    name: "Basic credentials that are not UTF-8",
    request: tokenPost("grant_type=client_credentials", { authorization: `Basic ${btoa("service:\xff\xfe")}` }),
    expect: { status: 401, error: "invalid_client" },
  },
  {
    name: "another authentication scheme",
    request: tokenPost("grant_type=client_credentials", { authorization: "Bearer abc" }),
    expect: { status: 401, error: "invalid_client", headers: basicChallenge },
  },
  {
    name: "client_secret outside VSCHAR",
    request: tokenPost(`grant_type=client_credentials&client_id=${service.clientId}&client_secret=s%0A3cret%00`),
    expect: { status: 401, error: "invalid_client" },
  },
  {
    name: "a post-only client using Basic",
    request: tokenPost("grant_type=client_credentials", {
      authorization: basicAuthorization(postOnly.clientId, postOnly.clientSecret),
    }),
    expect: { status: 401, error: "invalid_client", headers: basicChallenge },
  },
  {
    name: "a post-only client using post",
    request: tokenPost(`grant_type=client_credentials&${postCredentials(postOnly)}`),
    expect: { status: 200, scope: "read" },
  },
  {
    name: "a basic-only client using post",
    request: tokenPost(`grant_type=client_credentials&${postCredentials(basicOnly)}`),
    expect: { status: 401, error: "invalid_client" },
  },
  {
    name: "a client not allowed this grant",
    request: tokenPost("grant_type=client_credentials", {
      authorization: basicAuthorization(noGrant.clientId, noGrant.clientSecret),
    }),
    expect: { status: 400, error: "unauthorized_client" },
  },
  {
    name: "a scope the client may not have",
    request: tokenPost("grant_type=client_credentials&scope=admin", { authorization: serviceBasic }),
    expect: { status: 400, error: "invalid_scope", headers: noStore },
  },
  {
    name: "a scope that does not exist",
    request: tokenPost("grant_type=client_credentials&scope=read+nonexistent", { authorization: serviceBasic }),
    expect: { status: 400, error: "invalid_scope" },
  },
  {
    name: "a client scope the server has not registered",
    request: tokenPost("grant_type=client_credentials&scope=ghost", {
      authorization: basicAuthorization(unregistered.clientId, unregistered.clientSecret),
    }),
    expect: { status: 400, error: "invalid_scope" },
  },
  {
    name: "a malformed scope (doubled space)",
    request: tokenPost("grant_type=client_credentials&scope=read++write", { authorization: serviceBasic }),
    expect: { status: 400, error: "invalid_scope" },
  },
  {
    name: "a scope with a quote",
    request: tokenPost('grant_type=client_credentials&scope=%22read%22', { authorization: serviceBasic }),
    expect: { status: 400, error: "invalid_scope" },
  },
  {
    name: "more parameters than maxParameters (32)",
    request: tokenPost(["grant_type=client_credentials", ...Array.from({ length: 32 }, (_, i) => `p${i}=1`)].join("&"), {
      authorization: serviceBasic,
    }),
    expect: { status: 400, error: "invalid_request", headers: noStore },
  },
  {
    name: "a scope longer than maxScopeLength (1024)",
    request: tokenPost(`grant_type=client_credentials&scope=${"read+".repeat(205)}read`, { authorization: serviceBasic }),
    expect: { status: 400, error: "invalid_scope" },
  },
  {
    name: "an Authorization header longer than maxAuthorizationLength (4096)",
    request: tokenPost("grant_type=client_credentials", { authorization: `Basic ${"QUFB".repeat(1030)}` }),
    expect: { status: 400, error: "invalid_request" },
  },
];

/**
 * Builds a `Request` from a scenario request against `origin` (for example `http://localhost`).
 * String bodies go as bytes, so nothing adds a `Content-Type` the scenario did not write (a
 * string body would get `text/plain`). The same init works with `fetch` over the network.
 */
export function scenarioRequest(origin: string, request: ScenarioRequest): Request {
  return new Request(origin + request.path, scenarioRequestInit(request));
}

/** The `RequestInit` of a scenario request, for `fetch(origin + request.path, init)`. */
export function scenarioRequestInit(request: ScenarioRequest): RequestInit {
  const body = typeof request.body === "string" ? utf8Encoder.encode(request.body) : request.body;
  return {
    method: request.method,
    headers: request.headers ?? {},
    ...(body === undefined ? {} : { body }),
  };
}

/**
 * Compares a response with a scenario's expectation and lists every difference (empty when it
 * matches): status, the expected headers, `Cache-Control: no-store`, and the JSON body — an
 * RFC 6749 §5.1 token response (`Bearer`, `expires_in`, the granted `scope`, no refresh token)
 * or an RFC 6749 §5.2 error with exactly `error` and `error_description`. Framework-neutral, so
 * any test runner can assert `toEqual([])`.
 */
export async function scenarioMismatches(response: Response, expected: ScenarioExpectation): Promise<string[]> {
  const problems: string[] = [];
  const check = (ok: boolean, problem: string) => {
    if (!ok) problems.push(problem);
  };
  check(response.status === expected.status, `status ${response.status}, expected ${expected.status}`);
  for (const [name, value] of Object.entries({ "cache-control": "no-store", ...expected.headers })) {
    const actual = response.headers.get(name);
    check(actual === value, `header ${name}: ${JSON.stringify(actual)}, expected ${JSON.stringify(value)}`);
  }
  let body: Record<string, unknown>;
  try {
    body = (await response.json()) as Record<string, unknown>;
  } catch {
    return [...problems, "the body is not JSON"];
  }
  if (expected.status === 200) {
    check(typeof body.access_token === "string", "no access_token");
    check(body.token_type === "Bearer", `token_type ${JSON.stringify(body.token_type)}`);
    check(Number.isSafeInteger(body.expires_in), "expires_in is not a whole number");
    check(typeof body.scope === "string", "no scope");
    check(!("refresh_token" in body), "a refresh_token for the client credentials grant");
    if (expected.scope !== undefined) check(body.scope === expected.scope, `scope ${JSON.stringify(body.scope)}, expected ${JSON.stringify(expected.scope)}`);
  } else {
    check(body.error === expected.error, `error ${JSON.stringify(body.error)}, expected ${JSON.stringify(expected.error)}`);
    check(typeof body.error_description === "string", "no error_description");
    const members = Object.keys(body).sort().join(",");
    check(members === "error,error_description", `error body members ${members}`);
  }
  return problems;
}
