/**
 * `@tessera/core/testing`: helpers for testing a Tessera deployment or an adapter — request
 * builders that encode credentials exactly as RFC 6749 §2.3.1 says, a throwaway signing key, the
 * token endpoint scenario table and the revocation and introspection scenario table that every
 * surface (core, Hono, Node, other runtimes, the examples) runs, and the protected resource
 * scenario table for resource servers.
 *
 * @packageDocumentation
 */
import { decodeJwt, generateKeyPair } from "jose";
import type { OAuthErrorCode } from "./protocol/errors.js";
import { clientCredentialsGrant } from "./authorization-server/grants/client-credentials.js";
import { InMemoryAccessTokenRepository, InMemoryClientRepository, InMemoryScopeRepository } from "./authorization-server/repositories/in-memory.js";
import type { AuthorizationServerOptions } from "./authorization-server/options.js";
import { createAuthorizationServer, type AuthorizationServer } from "./authorization-server/create.js";
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
  /** The token's `aud` claim, for successful token responses. */
  readonly audience?: string | readonly string[];
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
  /** Allowed two resources (RFC 8707), neither by default. */
  resourceful: {
    clientId: "resourceful",
    clientSecret: "resourceful-secret",
    scopes: ["read"],
    resources: ["https://api.example.com", "https://ledger.example.com/v1"],
  },
  /** Gets `https://api.example.com` when it names no resource. */
  defaulted: {
    clientId: "defaulted",
    clientSecret: "defaulted-secret",
    scopes: ["read"],
    resources: ["https://api.example.com"],
    defaultResources: ["https://api.example.com"],
  },
  /** May introspect any token (RFC 7662 §2.1). */
  auditor: { clientId: "auditor", clientSecret: "auditor-secret", scopes: ["read"], introspection: true },
  /** Disabled: its right secret is refused like a wrong one. */
  disabled: { clientId: "disabled", clientSecret: "disabled-secret", scopes: ["read"], disabled: true },
} as const;

/**
 * The scenario clients in RFC 7591 client metadata names (`client_id`, `scope`, …, plus
 * Tessera's `resources`, `default_resources`, `introspection` and `disabled`), as a
 * `{"clients": [...]}` JSON document: for a server configured from client metadata, such as the
 * examples' `OAUTH_CLIENTS`, to run the scenario tables.
 */
export function scenarioClientsMetadataJson(): string {
  const clients = Object.values(scenarioClients).map((client) => {
    const registration = client as Partial<Record<string, unknown>> & { clientId: string; clientSecret: string; scopes: readonly string[] };
    return {
      client_id: registration.clientId,
      client_secret: registration.clientSecret,
      scope: registration.scopes.join(" "),
      ...(registration.grantTypes === undefined ? {} : { grant_types: registration.grantTypes }),
      ...(registration.tokenEndpointAuthMethod === undefined ? {} : { token_endpoint_auth_method: registration.tokenEndpointAuthMethod }),
      ...(registration.resources === undefined ? {} : { resources: registration.resources }),
      ...(registration.defaultResources === undefined ? {} : { default_resources: registration.defaultResources }),
      ...(registration.introspection === undefined ? {} : { introspection: registration.introspection }),
      ...(registration.disabled === undefined ? {} : { disabled: registration.disabled }),
    };
  });
  return JSON.stringify({ clients });
}

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

/** Options of {@link issueScenarioToken}. */
export interface IssueScenarioTokenOptions {
  /** The client, with its plain secret. @defaultValue the `service` scenario client */
  readonly client?: { readonly clientId: string; readonly clientSecret: string; readonly tokenEndpointAuthMethod?: string };
  /** More form parameters, already encoded, such as `scope=read+write`. @defaultValue none */
  readonly parameters?: string;
  /** The origin the request is addressed to. @defaultValue {@link scenarioIssuer} */
  readonly origin?: string;
}

/**
 * An access token from `server`'s token endpoint, in-process: the client authenticates with
 * `client_secret_post` if it is registered for it, else with `client_secret_basic`. Throws,
 * with the answer, if the server refuses.
 */
export async function issueScenarioToken(
  server: Pick<AuthorizationServer, "respondToTokenRequest">,
  { client = scenarioClients.service, parameters = "", origin = scenarioIssuer }: IssueScenarioTokenOptions = {},
): Promise<string> {
  const post = client.tokenEndpointAuthMethod === "client_secret_post";
  const credentials = post ? `&client_id=${formEncode(client.clientId)}&client_secret=${formEncode(client.clientSecret)}` : "";
  const response = await server.respondToTokenRequest(
    new Request(`${origin}/token`, {
      method: "POST",
      headers: post
        ? { "content-type": "application/x-www-form-urlencoded" }
        : { "content-type": "application/x-www-form-urlencoded", authorization: basicAuthorization(client.clientId, client.clientSecret) },
      body: `grant_type=client_credentials${credentials}${parameters === "" ? "" : `&${parameters}`}`,
    }),
  );
  const body = (await response.json()) as { access_token?: unknown };
  if (response.status !== 200 || typeof body.access_token !== "string") {
    throw new Error(`the token endpoint answered ${response.status}: ${JSON.stringify(body)}`);
  }
  return body.access_token;
}

const form = { "content-type": "application/x-www-form-urlencoded" } as const;
const { service, postOnly, basicOnly, awkward, noGrant, unregistered, resourceful, defaulted, auditor, disabled } =
  scenarioClients;
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
    name: "no resource: the server's audience",
    request: tokenPost("grant_type=client_credentials", { authorization: basicAuthorization(resourceful.clientId, resourceful.clientSecret) }),
    expect: { status: 200, audience: scenarioIssuer },
  },
  {
    name: "no resource: the client's default resources",
    request: tokenPost(`grant_type=client_credentials&${postCredentials(defaulted)}`),
    expect: { status: 200, audience: "https://api.example.com" },
  },
  {
    name: "one allowed resource: aud is that string (RFC 8707 §2)",
    request: tokenPost(`grant_type=client_credentials&resource=${formEncode("https://api.example.com")}&${postCredentials(resourceful)}`),
    expect: { status: 200, audience: "https://api.example.com" },
  },
  {
    name: "resource repeated: aud is the array of them, duplicates dropped",
    request: tokenPost(
      `grant_type=client_credentials&resource=${formEncode("https://api.example.com")}&resource=${formEncode("https://ledger.example.com/v1")}&resource=${formEncode("https://api.example.com")}&${postCredentials(resourceful)}`,
    ),
    expect: { status: 200, audience: ["https://api.example.com", "https://ledger.example.com/v1"] },
  },
  {
    name: "a resource the client may not have: invalid_target",
    request: tokenPost(`grant_type=client_credentials&resource=${formEncode("https://evil.example")}&${postCredentials(resourceful)}`),
    expect: { status: 400, error: "invalid_target", headers: noStore },
  },
  {
    name: "one allowed and one other resource: invalid_target",
    request: tokenPost(
      `grant_type=client_credentials&resource=${formEncode("https://api.example.com")}&resource=${formEncode("https://evil.example")}&${postCredentials(resourceful)}`,
    ),
    expect: { status: 400, error: "invalid_target" },
  },
  {
    name: "a resource with a fragment: invalid_target",
    request: tokenPost(`grant_type=client_credentials&resource=${formEncode("https://api.example.com#x")}&${postCredentials(resourceful)}`),
    expect: { status: 400, error: "invalid_target" },
  },
  {
    name: "a relative resource: invalid_target",
    request: tokenPost(`grant_type=client_credentials&resource=%2Fapi&${postCredentials(resourceful)}`),
    expect: { status: 400, error: "invalid_target" },
  },
  {
    name: "a resource from a client allowed none: invalid_target",
    request: tokenPost(`grant_type=client_credentials&resource=${formEncode(scenarioIssuer)}`, { authorization: serviceBasic }),
    expect: { status: 400, error: "invalid_target" },
  },
  {
    name: "a disabled client with its right secret: invalid_client",
    request: tokenPost("grant_type=client_credentials", { authorization: basicAuthorization(disabled.clientId, disabled.clientSecret) }),
    expect: { status: 401, error: "invalid_client", headers: basicChallenge },
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
 * The start of every comparison: a problem list, the `check` that adds to it, and the status
 * and expected headers (with `Cache-Control: no-store`, which every OAuth answer here carries)
 * checked already.
 */
function statusAndHeaderMismatches(
  response: Response,
  expected: { readonly status: number; readonly headers?: Readonly<Record<string, string>> },
): { problems: string[]; check: (ok: boolean, problem: string) => void } {
  const problems: string[] = [];
  const check = (ok: boolean, problem: string) => {
    if (!ok) problems.push(problem);
  };
  check(response.status === expected.status, `status ${response.status}, expected ${expected.status}`);
  for (const [name, value] of Object.entries({ "cache-control": "no-store", ...expected.headers })) {
    const actual = response.headers.get(name);
    check(actual === value, `header ${name}: ${JSON.stringify(actual)}, expected ${JSON.stringify(value)}`);
  }
  return { problems, check };
}

/**
 * Compares a response with a scenario's expectation and lists every difference (empty when it
 * matches): status, the expected headers, `Cache-Control: no-store`, and the JSON body — an
 * RFC 6749 §5.1 token response (`Bearer`, `expires_in`, the granted `scope`, no refresh token)
 * or an RFC 6749 §5.2 error with exactly `error` and `error_description`. Framework-neutral, so
 * any test runner can assert `toEqual([])`.
 */
export async function scenarioMismatches(response: Response, expected: ScenarioExpectation): Promise<string[]> {
  const { problems, check } = statusAndHeaderMismatches(response, expected);
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
    if (expected.audience !== undefined && typeof body.access_token === "string") {
      const { aud } = decodeJwt(body.access_token);
      check(JSON.stringify(aud) === JSON.stringify(expected.audience), `aud ${JSON.stringify(aud)}, expected ${JSON.stringify(expected.audience)}`);
    }
  } else {
    check(body.error === expected.error, `error ${JSON.stringify(body.error)}, expected ${JSON.stringify(expected.error)}`);
    check(typeof body.error_description === "string", "no error_description");
    const members = Object.keys(body).sort().join(",");
    check(members === "error,error_description", `error body members ${members}`);
  }
  return problems;
}

/** The tokens a token management scenario starts with, fresh for each scenario. */
export interface ScenarioTokenSet {
  /** Issued to `service` (scope `read`). */
  readonly service: string;
  /** Issued to `basic-only`, another client. */
  readonly other: string;
}

/** What a revocation or introspection response must show. */
export interface TokenManagementExpectation {
  readonly status: number;
  /** The OAuth `error` code, for error responses. */
  readonly error?: OAuthErrorCode;
  /** For a 200 from the introspection endpoint: the `active` member. */
  readonly active?: boolean;
  /** For an active introspection response: its `client_id`. */
  readonly clientId?: string;
  /** Headers that must be present with these values (names in lower case). */
  readonly headers?: Readonly<Record<string, string>>;
}

/** One row of the revocation (RFC 7009) and introspection (RFC 7662) scenario table. */
export interface TokenManagementScenario {
  readonly name: string;
  /** The token to revoke, through the revocation endpoint as its owner, before `request`. */
  readonly revokeFirst?: keyof ScenarioTokenSet;
  readonly request: (tokens: ScenarioTokenSet) => ScenarioRequest;
  readonly expect: TokenManagementExpectation;
  /** Afterwards, introspected by the `auditor` client: whether each token is active. */
  readonly afterwards?: Readonly<Partial<Record<keyof ScenarioTokenSet, boolean>>>;
}

const auditorBasic = basicAuthorization(auditor.clientId, auditor.clientSecret);
const otherBasic = basicAuthorization(basicOnly.clientId, basicOnly.clientSecret);

function formPost(path: string, body: string, headers: Record<string, string> = {}): ScenarioRequest {
  return { method: "POST", path, headers: { ...form, ...headers }, body };
}

const revoke = (body: string, headers?: Record<string, string>) => formPost("/revoke", body, headers);
const introspect = (body: string, headers?: Record<string, string>) => formPost("/introspect", body, headers);
const tokenParam = (token: string) => `token=${formEncode(token)}`;

/**
 * The revocation and introspection endpoints' behaviour, as a table, for a server whose access
 * token repository can revoke (as {@link createScenarioServer}'s can). Each row gets fresh
 * tokens; run it with {@link tokenManagementMismatches} against every surface.
 */
export const tokenManagementScenarios: readonly TokenManagementScenario[] = [
  {
    name: "revocation: the client's own token, client_secret_basic",
    request: (t) => revoke(tokenParam(t.service), { authorization: serviceBasic }),
    expect: { status: 200, headers: { "cache-control": "no-store" } },
    afterwards: { service: false, other: true },
  },
  {
    name: "revocation: client_secret_post, token_type_hint=access_token",
    request: (t) => revoke(`${tokenParam(t.service)}&token_type_hint=access_token&${postCredentials(service)}`),
    expect: { status: 200 },
    afterwards: { service: false },
  },
  {
    name: "revocation: a refresh_token hint still finds the access token (RFC 7009 §2.1)",
    request: (t) => revoke(`${tokenParam(t.service)}&token_type_hint=refresh_token`, { authorization: serviceBasic }),
    expect: { status: 200 },
    afterwards: { service: false },
  },
  {
    name: "revocation: an unknown hint is ignored (RFC 7009 §2.1)",
    request: (t) => revoke(`${tokenParam(t.service)}&token_type_hint=id_token`, { authorization: serviceBasic }),
    expect: { status: 200 },
    afterwards: { service: false },
  },
  {
    name: "revocation: an invalid token answers 200 (RFC 7009 §2.2)",
    request: () => revoke("token=not-a-token", { authorization: serviceBasic }),
    expect: { status: 200 },
    afterwards: { service: true },
  },
  {
    name: "revocation: an already revoked token answers 200",
    revokeFirst: "service",
    request: (t) => revoke(tokenParam(t.service), { authorization: serviceBasic }),
    expect: { status: 200 },
    afterwards: { service: false },
  },
  {
    name: "revocation: another client's token is refused, and stays valid (RFC 7009 §2.1)",
    request: (t) => revoke(tokenParam(t.other), { authorization: serviceBasic }),
    expect: { status: 400, error: "invalid_request", headers: noStore },
    afterwards: { other: true },
  },
  {
    name: "revocation: no token parameter",
    request: () => revoke("token_type_hint=access_token", { authorization: serviceBasic }),
    expect: { status: 400, error: "invalid_request" },
  },
  {
    name: "revocation: no client authentication",
    request: (t) => revoke(tokenParam(t.service)),
    expect: { status: 401, error: "invalid_client", headers: basicChallenge },
    afterwards: { service: true },
  },
  {
    name: "revocation: a wrong secret",
    request: (t) => revoke(tokenParam(t.service), { authorization: basicAuthorization(service.clientId, "wrong") }),
    expect: { status: 401, error: "invalid_client", headers: basicChallenge },
    afterwards: { service: true },
  },
  {
    name: "revocation: a disabled client",
    request: (t) => revoke(tokenParam(t.service), { authorization: basicAuthorization(disabled.clientId, disabled.clientSecret) }),
    expect: { status: 401, error: "invalid_client" },
  },
  {
    name: "revocation: GET is not allowed",
    request: (t) => ({ method: "GET", path: `/revoke?${tokenParam(t.service)}`, headers: { authorization: serviceBasic } }),
    expect: { status: 405, error: "invalid_request", headers: { allow: "POST" } },
    afterwards: { service: true },
  },
  {
    name: "revocation: a JSON body",
    request: (t) => revoke(JSON.stringify({ token: t.service }), { authorization: serviceBasic, "content-type": "application/json" }),
    expect: { status: 400, error: "invalid_request" },
  },
  {
    name: "revocation: a repeated token parameter",
    request: (t) => revoke(`${tokenParam(t.service)}&${tokenParam(t.service)}`, { authorization: serviceBasic }),
    expect: { status: 400, error: "invalid_request" },
    afterwards: { service: true },
  },
  {
    name: "introspection: the client's own token, client_secret_basic",
    request: (t) => introspect(tokenParam(t.service), { authorization: serviceBasic }),
    expect: { status: 200, active: true, clientId: service.clientId, headers: noStore },
  },
  {
    name: "introspection: another client's own token, with token_type_hint",
    request: (t) => introspect(`${tokenParam(t.other)}&token_type_hint=access_token`, { authorization: otherBasic }),
    expect: { status: 200, active: true, clientId: basicOnly.clientId },
  },
  {
    name: "introspection: another client's token, without permission: inactive",
    request: (t) => introspect(tokenParam(t.other), { authorization: serviceBasic }),
    expect: { status: 200, active: false, headers: noStore },
  },
  {
    name: "introspection: any token, for a client with introspection: true",
    request: (t) => introspect(`${tokenParam(t.service)}&${postCredentials(auditor)}`),
    expect: { status: 200, active: true, clientId: service.clientId },
  },
  {
    name: "introspection: an invalid token: inactive",
    request: () => introspect("token=not-a-token", { authorization: auditorBasic }),
    expect: { status: 200, active: false },
  },
  {
    name: "introspection: a revoked token: inactive",
    revokeFirst: "service",
    request: (t) => introspect(tokenParam(t.service), { authorization: serviceBasic }),
    expect: { status: 200, active: false },
  },
  {
    name: "introspection: no token parameter",
    request: () => introspect("", { authorization: serviceBasic }),
    expect: { status: 400, error: "invalid_request", headers: noStore },
  },
  {
    name: "introspection: no client authentication",
    request: (t) => introspect(tokenParam(t.service)),
    expect: { status: 401, error: "invalid_client", headers: basicChallenge },
  },
  {
    name: "introspection: GET is not allowed",
    request: (t) => ({ method: "GET", path: `/introspect?${tokenParam(t.service)}`, headers: { authorization: serviceBasic } }),
    expect: { status: 405, error: "invalid_request", headers: { allow: "POST" } },
  },
];

/** The RFC 7662 §2.2 members of an active introspection response from Tessera. */
const activeMembers = "active,aud,client_id,exp,iat,iss,jti,scope,sub,token_type";

/**
 * Runs one token management scenario through `send` (which sends a scenario request to the
 * server under test, in-process or over HTTP) and lists every difference from its expectation
 * (empty when it matches): fresh tokens from the token endpoint, the optional revocation first,
 * the request, its response (status, headers, `Cache-Control: no-store`, an empty revocation
 * body, an RFC 7662 introspection body, an RFC 6749 §5.2 error), then what introspection by
 * the `auditor` says of each token in `afterwards`.
 */
export async function tokenManagementMismatches(
  send: (request: ScenarioRequest) => Response | Promise<Response>,
  scenario: TokenManagementScenario,
): Promise<string[]> {
  const issue = async (authorization: string) => {
    const response = await send(tokenPost("grant_type=client_credentials&scope=read", { authorization }));
    return ((await response.json()) as { access_token: string }).access_token;
  };
  const tokens: ScenarioTokenSet = { service: await issue(serviceBasic), other: await issue(otherBasic) };
  if (scenario.revokeFirst !== undefined) {
    const owner = scenario.revokeFirst === "service" ? serviceBasic : otherBasic;
    await send(revoke(tokenParam(tokens[scenario.revokeFirst]), { authorization: owner }));
  }
  const response = await send(scenario.request(tokens));
  const problems = await managementResponseMismatches(response, scenario.expect, scenario.request(tokens).path);
  for (const [name, active] of Object.entries(scenario.afterwards ?? {})) {
    const check = await send(introspect(tokenParam(tokens[name as keyof ScenarioTokenSet]), { authorization: auditorBasic }));
    const body = (await check.json()) as { active?: unknown };
    if (body.active !== active) problems.push(`afterwards, the ${name} token is ${body.active ? "active" : "inactive"}`);
  }
  return problems;
}

async function managementResponseMismatches(
  response: Response,
  expected: TokenManagementExpectation,
  path: string,
): Promise<string[]> {
  const { problems, check } = statusAndHeaderMismatches(response, expected);
  const text = await response.text();
  if (expected.status === 200 && path.startsWith("/revoke")) {
    check(text === "", "a revocation response with a body");
    return problems;
  }
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(text) as Record<string, unknown>;
  } catch {
    return [...problems, "the body is not JSON"];
  }
  const members = Object.keys(body).sort().join(",");
  if (expected.status !== 200) {
    check(body.error === expected.error, `error ${JSON.stringify(body.error)}, expected ${JSON.stringify(expected.error)}`);
    check(members === "error,error_description", `error body members ${members}`);
  } else if (expected.active === true) {
    check(members === activeMembers, `introspection members ${members}`);
    check(body.active === true, "not active");
    check(body.token_type === "Bearer", `token_type ${JSON.stringify(body.token_type)}`);
    check(body.client_id === expected.clientId, `client_id ${JSON.stringify(body.client_id)}, expected ${JSON.stringify(expected.clientId)}`);
  } else {
    check(members === "active" && body.active === false, `an inactive answer with members ${members}`);
  }
  return problems;
}
