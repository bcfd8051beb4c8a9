import { basicAuthorization, formEncode } from "@tessera/core/testing";
import { scenarioClients, scenarioIssuer } from "./clients.js";
import type { ScenarioExpectation } from "./compare.js";
import { basicChallenge, form, noChallenge, noStore, postCredentials, serviceBasic, tokenPost } from "./request-builders.js";
import type { ScenarioRequest } from "./requests.js";

/** One row of the token endpoint scenario table. */
export interface TokenEndpointScenario {
  readonly name: string;
  readonly request: ScenarioRequest;
  readonly expect: ScenarioExpectation;
}

const { service, postOnly, basicOnly, awkward, noGrant, unregistered, resourceful, defaulted, auditor, disabled } =
  scenarioClients;
const utf8 = new TextEncoder();

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
      body: new Uint8Array([...utf8.encode("grant_type=client_credentials&x="), 0xc0, 0xaf]),
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
    expect: { status: 400, error: "invalid_client", headers: { ...noChallenge, ...noStore } },
  },
  {
    name: "client_id without a secret (a public client)",
    request: tokenPost(`grant_type=client_credentials&client_id=${service.clientId}`),
    expect: { status: 400, error: "invalid_client", headers: noChallenge },
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
    name: "wrong secret with post: 400 without a challenge (RFC 6749 §5.2)",
    request: tokenPost(`grant_type=client_credentials&client_id=${service.clientId}&client_secret=wrong`),
    expect: { status: 400, error: "invalid_client", headers: noChallenge },
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
    expect: { status: 400, error: "invalid_client", headers: noChallenge },
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
    expect: { status: 400, error: "invalid_client", headers: noChallenge },
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
