/**
 * Property-based tests of the resource server's verifier: whatever the Authorization header,
 * token or body, `verifyRequest` either resolves with the principal of a genuine, unrevoked
 * token that the authorization server issued, or rejects with an RFC 6750 error: 400 (or, for a
 * form body over the limit, 413) `invalid_request`, 401 `invalid_token` or a bare 401 challenge, each with a `Bearer`
 * challenge carrying the realm. Never a 5xx, never another exception, never a forged principal.
 */
import fc from "fast-check";
import { base64url, decodeJwt } from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import { OAuthError } from "../protocol/errors.js";
import { assertProperty, fuzzTimeout } from "../authorization-server/endpoints/fuzz.test.helpers.js";
import { createProtectedResourceFixture, type ProtectedResourceFixture } from "@tessera/conformance/tables";
import * as core from "../index.js";
import { createResourceServer, type ResourceServer } from "./create.js";

let fixture: ProtectedResourceFixture;
let resourceServer: ResourceServer;
let withBodyAndQuery: ResourceServer;
const reported: unknown[] = [];
let genuine: string;
let pool: string[];

beforeAll(async () => {
  fixture = await createProtectedResourceFixture(core);
  const options = { ...fixture.resourceServerOptions, onError: (error: unknown) => reported.push(error) };
  resourceServer = createResourceServer(options);
  withBodyAndQuery = createResourceServer({ ...options, allowTokenInBody: true, allowTokenInQuery: true });
  genuine = fixture.tokens.valid;
  // The DPoP-bound token is dpop.fuzz.test.ts's: verifyToken alone accepts it (it shows no proof).
  pool = Object.values(fixture.tokens).filter((t) => t !== fixture.tokens.dpopBound);
});

const text = fc.oneof(fc.string({ maxLength: 60 }), fc.string({ unit: "binary", maxLength: 60 }));
const segment = fc.oneof(
  fc.base64String({ maxLength: 80 }).map((s) => s.replace(/=+$/, "").replaceAll("+", "-").replaceAll("/", "_")),
  fc.jsonValue({ maxDepth: 3 }).map((json) => base64url.encode(JSON.stringify(json))),
  fc.record({ alg: fc.constantFrom("none", "HS256", "RS256", "ES256", "EdDSA", "PS256", "RS512", ""), typ: fc.constantFrom("at+jwt", "JWT", "AT+JWT", ""), kid: fc.string({ maxLength: 50 }), crit: fc.constantFrom(["exp"], [], undefined), jku: fc.constantFrom("https://evil.example/jwks", undefined) }, { requiredKeys: ["alg"] })
    .map((header) => base64url.encode(JSON.stringify(header))),
  text,
);

/** A token: a scenario token, mutated, recombined, or garbage. */
const token = fc.oneof(
  fc.constantFrom(...[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]).map((i) => () => pool[i % pool.length] as string),
  fc.tuple(fc.nat(), fc.nat(), fc.string({ minLength: 1, maxLength: 3 })).map(([which, at, replacement]) => () => {
    const base = pool[which % pool.length] as string;
    const i = at % base.length;
    return base.slice(0, i) + replacement + base.slice(i + replacement.length);
  }),
  fc.tuple(fc.nat(), fc.nat()).map(([which, cut]) => () => {
    const base = pool[which % pool.length] as string;
    return base.slice(0, cut % base.length);
  }),
  fc.tuple(fc.nat(), fc.integer({ min: 0, max: 2 }), segment).map(([which, part, replacement]) => () => {
    const parts = (pool[which % pool.length] as string).split(".");
    parts[part] = replacement;
    return parts.join(".");
  }),
  fc.tuple(fc.nat(), fc.nat()).map(([a, b]) => () => {
    const [h1, p1] = (pool[a % pool.length] as string).split(".");
    const [, , s2] = (pool[b % pool.length] as string).split(".");
    return `${h1}.${p1}.${s2}`; // header and payload of one token, signature of another
  }),
  fc.array(segment, { minLength: 1, maxLength: 6 }).map((parts) => () => parts.join(".")),
  fc.integer({ min: 16 * 1024 - 10, max: 40 * 1024 }).map((n) => () => "A".repeat(n)),
  text.map((t) => () => t),
);

const authorization = fc.oneof(
  { weight: 6, arbitrary: token.map((t) => () => `Bearer ${t()}`) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom("bearer", "BEARER", "Bearer  ", "Bearer\t", "Basic", "DPoP", "Bearer,"), token).map(([scheme, t]) => () => `${scheme} ${t()}`) },
  { weight: 1, arbitrary: text.map((t) => () => t) },
  { weight: 1, arbitrary: fc.constant(() => undefined) },
);

const requestSpec = fc.record({
  method: fc.constantFrom("GET", "POST", "PUT", "DELETE", "HEAD"),
  authorization,
  query: fc.option(token, { freq: 4 }),
  bodyToken: fc.option(token, { freq: 3 }),
  bodyExtra: fc.option(fc.oneof(text, fc.constantFrom("&access_token=", "%ZZ", "access_token=a&access_token=b")), { freq: 3 }),
  contentType: fc.constantFrom("application/x-www-form-urlencoded", "application/json", undefined),
  withBody: fc.boolean(),
});

function toRequest(spec: typeof requestSpec extends fc.Arbitrary<infer T> ? T : never): Request | undefined {
  const headers: Record<string, string> = {};
  const auth = spec.authorization();
  if (auth !== undefined) headers.authorization = auth;
  if (spec.contentType !== undefined) headers["content-type"] = spec.contentType;
  const query = spec.query === null ? "" : `?access_token=${encodeURIComponent(spec.query())}`;
  const hasBody = spec.method !== "GET" && spec.method !== "HEAD" && spec.withBody;
  const body = [spec.bodyToken === null ? "" : `access_token=${encodeURIComponent(spec.bodyToken())}`, spec.bodyExtra ?? ""].join("&");
  try {
    return new Request(`http://localhost/api/read${query}`, { method: spec.method, headers, ...(hasBody ? { body } : {}) });
  } catch {
    return undefined;
  }
}

async function checkOutcome(outcome: Promise<unknown>, realm: string): Promise<void> {
  let principal: unknown;
  try {
    principal = await outcome;
  } catch (error) {
    expect(error).toBeInstanceOf(OAuthError);
    const oauth = error as OAuthError;
    expect([400, 401, 413]).toContain(oauth.status); // 413: a form body over maxBodyBytes
    expect(["invalid_request", "invalid_token", "invalid_dpop_proof"]).toContain(oauth.code);
    const response = oauth.toResponse();
    // The DPoP scheme is answered with a DPoP challenge (RFC 9449 §7.1).
    expect(response.headers.get("www-authenticate")).toMatch(new RegExp(`^(Bearer|DPoP) realm="${realm.replace(/[.]/g, "\\.")}"`));
    const body = await response.text();
    if (oauth.challengeOnly) {
      expect([response.status, body]).toEqual([401, ""]);
    } else {
      expect(Object.keys(JSON.parse(body)).sort()).toEqual(["error", "error_description"]);
    }
    expect(reported).toEqual([]);
    return;
  }
  // Accepted: only the genuine token, whatever its spelling (base64url's spare bits may vary).
  expect((principal as { jti: string }).jti).toBe(decodeJwt(genuine).jti);
  expect((principal as { clientId: string }).clientId).toBe("service");
}

describe("resource server verifier, property-based", () => {
  const runs = 300;
  it(
    "verifyRequest: an RFC 6750 error or the principal of the genuine token, never anything else",
    async () => {
      await assertProperty(
        "verifyRequest",
        fc.asyncProperty(requestSpec, fc.boolean(), async (spec, permissive) => {
          const request = toRequest(spec);
          fc.pre(request !== undefined);
          const server = permissive ? withBodyAndQuery : resourceServer;
          await checkOutcome(server.verifyRequest(request), server.realm);
        }),
        runs,
      );
    },
    fuzzTimeout(runs),
  );

  it(
    "verifyToken: the same, for any string",
    async () => {
      await assertProperty(
        "verifyToken",
        fc.asyncProperty(token, async (make) => {
          await checkOutcome(resourceServer.verifyToken(make()), resourceServer.realm);
        }),
        runs,
      );
    },
    fuzzTimeout(runs),
  );
});
