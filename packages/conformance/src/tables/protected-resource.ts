/**
 * The protected resource scenario table: real tokens from a real authorization server,
 * hand-crafted bad ones, and the exact answer every surface (the core's `authorize`, the Hono
 * middleware, the Node guard) must give to each.
 */
import type { OAuthErrorCode } from "@tessera/core";
import type { ScenarioRequest } from "./requests.js";

/** The audience (resource identifier) of the scenario resource server. */
export const protectedResourceAudience = "https://api.example";

/**
 * The routes every surface mounts for the table, each answering a verified request with
 * `200 {"client_id": principal.clientId, "scope": principal.scopes.join(" ")}`:
 * - `read`: requires the scope `read`;
 * - `admin`: requires the scope `admin`, which no scenario token has.
 */
export const protectedResourcePaths = { read: "/api/read", admin: "/api/admin" } as const;

/** The scenario tokens: compact JWTs, each good or bad in exactly one way. */
export interface ScenarioTokens {
  /** From the token endpoint, scopes `read write`. */
  readonly valid: string;
  /** From the token endpoint, then revoked in the fixture's repository. */
  readonly revoked: string;
  /** From the token endpoint of the same server with its clock two hours back. */
  readonly expired: string;
  /** From the token endpoint of a server with the same key and another issuer. */
  readonly wrongIssuer: string;
  /** From the token endpoint of a server with the same key and another audience. */
  readonly wrongAudience: string;
  /** Signed with the server's key, `nbf` an hour ahead. */
  readonly notYetValid: string;
  /** Signed with the server's key, `iat` an hour ahead. */
  readonly issuedInFuture: string;
  /** Signed with the server's key, `typ: JWT`. */
  readonly wrongType: string;
  /** Signed with the server's key, without `client_id`. */
  readonly missingClientId: string;
  /** `alg: none`, no signature. */
  readonly unsigned: string;
  /** HS256 with the public key's SPKI PEM as the HMAC secret: the algorithm confusion attack. */
  readonly hmacConfusion: string;
  /** Signed with a key the server never published, with a `kid` of its own. */
  readonly unknownKey: string;
  /** The valid token with its signature's last characters changed. */
  readonly tampered: string;
  /** From the token endpoint with a DPoP proof of the test key `dpopKey`: bound to it (`cnf.jkt`). */
  readonly dpopBound: string;
}

/** What a protected resource must answer. */
export interface ProtectedResourceExpectation {
  readonly status: number;
  /**
   * The `error` of the challenge and of the JSON body. Absent for 200, and for the bare 401
   * challenge (no token at all), which must carry no error information and no body.
   */
  readonly error?: Extract<OAuthErrorCode, "invalid_request" | "invalid_token" | "insufficient_scope" | "invalid_dpop_proof" | "use_dpop_nonce">;
  /** The challenge's `scope` attribute, for `insufficient_scope`. */
  readonly scope?: string;
  /** For 200: the `client_id` the handler saw. */
  readonly clientId?: string;
  /** The scheme of the challenge: `DPoP` (RFC 9449 §7.1, with `algs`) or, by default, `Bearer`. */
  readonly scheme?: "Bearer" | "DPoP";
}

/**
 * One row of the protected resource scenario table. In the request's path and headers,
 * `{name}` stands for the fixture's token `name` (for example `Bearer {valid}`): resolve it with
 * {@link protectedResourceRequest}.
 */
export interface ProtectedResourceScenario {
  readonly name: string;
  readonly request: ScenarioRequest;
  readonly expect: ProtectedResourceExpectation;
}

/** The scenario request with every `{name}` replaced by the fixture's token of that name. */
export function protectedResourceRequest(request: ScenarioRequest, tokens: ScenarioTokens): ScenarioRequest {
  const fill = (text: string) =>
    text.replace(/\{(\w+)\}/g, (placeholder, name: string) =>
      Object.hasOwn(tokens, name) ? tokens[name as keyof ScenarioTokens] : placeholder,
    );
  const headers = Object.fromEntries(Object.entries(request.headers ?? {}).map(([name, value]) => [name, fill(value)]));
  return { ...request, path: fill(request.path), headers };
}

function get(path: string, authorization?: string): ScenarioRequest {
  return { method: "GET", path, headers: authorization === undefined ? {} : { authorization } };
}

const { read, admin } = protectedResourcePaths;
const invalidToken = { status: 401, error: "invalid_token" } as const;

/**
 * The protected resource behaviour, as a table over the fixture's tokens: header extraction
 * (RFC 6750 §2.1), every token check (RFC 9068 §4, RFC 8725), and scopes (RFC 6750 §3.1). Every
 * surface mounts {@link protectedResourcePaths} with header-only extraction and runs it.
 */
export const protectedResourceScenarios: readonly ProtectedResourceScenario[] = [
  { name: "a valid token", request: get(read, "Bearer {valid}"), expect: { status: 200, clientId: "service" } },
  { name: "the scheme in another case", request: get(read, "bEaReR {valid}"), expect: { status: 200, clientId: "service" } },
  { name: "no Authorization header", request: get(read), expect: { status: 401 } },
  { name: "another scheme (Basic)", request: get(read, "Basic c2VydmljZTpzZWNyZXQ="), expect: { status: 401 } },
  { name: "the token in the query, not enabled", request: get(`${read}?access_token={valid}`), expect: { status: 401 } },
  { name: "Bearer without a token", request: get(read, "Bearer"), expect: { status: 400, error: "invalid_request" } },
  { name: "Bearer with two tokens", request: get(read, "Bearer {valid} {valid}"), expect: { status: 400, error: "invalid_request" } },
  { name: "a token outside the b64token grammar", request: get(read, "Bearer abc$def"), expect: { status: 400, error: "invalid_request" } },
  { name: "a token that is not a JWT", request: get(read, "Bearer abc.def.ghi"), expect: invalidToken },
  { name: "an expired token", request: get(read, "Bearer {expired}"), expect: invalidToken },
  { name: "a token not valid yet (nbf)", request: get(read, "Bearer {notYetValid}"), expect: invalidToken },
  { name: "a token issued in the future (iat)", request: get(read, "Bearer {issuedInFuture}"), expect: invalidToken },
  { name: "a token of another issuer", request: get(read, "Bearer {wrongIssuer}"), expect: invalidToken },
  { name: "a token for another audience", request: get(read, "Bearer {wrongAudience}"), expect: invalidToken },
  { name: "a JWT that is not an access token (typ JWT)", request: get(read, "Bearer {wrongType}"), expect: invalidToken },
  { name: "a token without client_id", request: get(read, "Bearer {missingClientId}"), expect: invalidToken },
  { name: "an unsigned token (alg none)", request: get(read, "Bearer {unsigned}"), expect: invalidToken },
  { name: "HS256 with the public key as secret", request: get(read, "Bearer {hmacConfusion}"), expect: invalidToken },
  { name: "a token signed with an unknown key", request: get(read, "Bearer {unknownKey}"), expect: invalidToken },
  { name: "a token with a changed signature", request: get(read, "Bearer {tampered}"), expect: invalidToken },
  { name: "a revoked token", request: get(read, "Bearer {revoked}"), expect: invalidToken },
  {
    name: "a token without the required scope",
    request: get(admin, "Bearer {valid}"),
    expect: { status: 403, error: "insufficient_scope", scope: "admin" },
  },
];

/**
 * Compares a protected resource's response with a scenario's expectation and lists every
 * difference (empty when it matches): the status; for 200, the handler's JSON; for the bare
 * challenge, exactly `WWW-Authenticate: Bearer realm="…"`, no body and no `Content-Type`; for an
 * error, the RFC 6750 §3 challenge with the same `error` and `error_description` as the JSON
 * body (exactly those two members) and, for `insufficient_scope`, the `scope`. Every error
 * response must carry `Cache-Control: no-store`.
 */
export async function protectedResourceMismatches(
  response: Response,
  expected: ProtectedResourceExpectation,
  realm: string = protectedResourceAudience,
): Promise<string[]> {
  const problems: string[] = [];
  const check = (ok: boolean, problem: string) => {
    if (!ok) problems.push(problem);
  };
  check(response.status === expected.status, `status ${response.status}, expected ${expected.status}`);
  const challenge = response.headers.get("www-authenticate");
  const text = await response.text();
  if (expected.status === 200) {
    let body: Record<string, unknown> = {};
    try {
      body = JSON.parse(text) as Record<string, unknown>;
    } catch {
      problems.push("the body is not JSON");
    }
    check(body.client_id === expected.clientId, `client_id ${JSON.stringify(body.client_id)}, expected ${JSON.stringify(expected.clientId)}`);
    check(challenge === null, `a challenge with a 200: ${challenge}`);
    return problems;
  }
  check(response.headers.get("cache-control") === "no-store", `cache-control ${response.headers.get("cache-control")}`);
  if (expected.error === undefined) {
    check(challenge === `Bearer realm="${realm}"`, `challenge ${JSON.stringify(challenge)}, expected a bare Bearer realm`);
    check(text === "", `a body with the bare challenge: ${JSON.stringify(text)}`);
    check(response.headers.get("content-type") === null, "a content type with the bare challenge");
    return problems;
  }
  let body: Record<string, unknown> = {};
  try {
    body = JSON.parse(text) as Record<string, unknown>;
  } catch {
    return [...problems, "the body is not JSON"];
  }
  check(body.error === expected.error, `error ${JSON.stringify(body.error)}, expected ${expected.error}`);
  check(Object.keys(body).sort().join(",") === "error,error_description", `error body members ${Object.keys(body).join(",")}`);
  const description = String(body.error_description);
  if (expected.scheme === "DPoP") {
    const prefix = `DPoP realm="${realm}", error="${expected.error}", error_description="${description}", algs="`;
    check(challenge?.startsWith(prefix) === true && /algs="[A-Za-z0-9 ]+"$/.test(challenge), `challenge ${JSON.stringify(challenge)}, expected ${prefix}…"`);
    return problems;
  }
  let expectedChallenge = `Bearer realm="${realm}", error="${expected.error}", error_description="${description}"`;
  if (expected.scope !== undefined) expectedChallenge += `, scope="${expected.scope}"`;
  check(challenge === expectedChallenge, `challenge ${JSON.stringify(challenge)}, expected ${JSON.stringify(expectedChallenge)}`);
  return problems;
}
