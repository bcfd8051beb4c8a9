import type { OAuthErrorCode } from "@tessera/core";
import { basicAuthorization, formEncode } from "@tessera/core/testing";
import { scenarioClients } from "./clients.js";
import { statusAndHeaderMismatches } from "./compare.js";
import { basicChallenge, form, noChallenge, noStore, postCredentials, serviceBasic, tokenPost } from "./request-builders.js";
import type { ScenarioRequest } from "./requests.js";

const { service, basicOnly, auditor, disabled } = scenarioClients;

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
  /** Headers that must be present with these values, or (`null`) absent; names in lower case. */
  readonly headers?: Readonly<Record<string, string | null>>;
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
    name: "revocation: another client's token is answered as an invalid one is, and stays valid (RFC 7009 §2.2)",
    request: (t) => revoke(tokenParam(t.other), { authorization: serviceBasic }),
    expect: { status: 200, headers: { "cache-control": "no-store" } },
    afterwards: { other: true },
  },
  {
    name: "revocation: another client's revoked token, the same answer: no validity oracle",
    revokeFirst: "other",
    request: (t) => revoke(tokenParam(t.other), { authorization: serviceBasic }),
    expect: { status: 200, headers: { "cache-control": "no-store" } },
    afterwards: { other: false },
  },
  {
    name: "revocation: no token parameter",
    request: () => revoke("token_type_hint=access_token", { authorization: serviceBasic }),
    expect: { status: 400, error: "invalid_request" },
  },
  {
    name: "revocation: no client authentication",
    request: (t) => revoke(tokenParam(t.service)),
    expect: { status: 400, error: "invalid_client", headers: noChallenge },
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
    expect: { status: 400, error: "invalid_client", headers: noChallenge },
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
