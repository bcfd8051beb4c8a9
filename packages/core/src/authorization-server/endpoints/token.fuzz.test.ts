/**
 * Property-based tests of the token endpoint: every byte of the request is hostile. Whatever
 * the method, headers, content type, body (binary, oversize, repeated or percent-abused
 * parameters, NUL, overlong UTF-8, lone surrogates) and credentials, the endpoint
 * - resolves, never rejects, and never answers 5xx nor reports to `onError`;
 * - answers either an RFC 6749 §5.1 token response or an RFC 6749 §5.2 JSON error, no-store;
 * - issues a token only to a request that carried a client's valid credentials, by a method
 *   that client may use, for a client allowed the grant;
 * - never grants a scope beyond the client's registration and the server's scopes, nor an
 *   audience beyond the client's resources (RFC 8707) or the server's default;
 * - answers within a bound (generous: it catches a hang or a pathological parse, not jitter).
 */
import * as core from "../../index.js";
import fc from "fast-check";
import { createLocalJWKSet, jwtVerify } from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import { assertProperty, fuzzTimeout } from "./fuzz.test.helpers.js";
import type { AuthorizationServer } from "../create.js";
import { basicAuthorization, formEncode } from "../../testing.js";
import { createScenarioServer, scenarioClients, scenarioIssuer, scenarioScopes } from "@tessera/conformance/tables";
import { utf8Encoder } from "../../lib/utf8.js";

/** The clients with a secret; private_key_jwt is fuzzed in client-assertion.fuzz.test.ts. */
type ScenarioClient = Extract<(typeof scenarioClients)[keyof typeof scenarioClients], { clientSecret: string }>;
const clients: readonly ScenarioClient[] = Object.values(scenarioClients).filter((c): c is ScenarioClient => "clientSecret" in c);
const errorCodes = new Set([
  "invalid_request",
  "invalid_client",
  "invalid_grant",
  "unauthorized_client",
  "unsupported_grant_type",
  "invalid_scope",
  "invalid_target",
  "invalid_dpop_proof",
]);
const responseBound = 5_000;

/** What the generated request presents as client credentials, and whether they are valid. */
interface Credentials {
  readonly valid?: { readonly clientId: string; readonly method: "client_secret_basic" | "client_secret_post" };
  readonly authorization?: string;
  readonly params: readonly (readonly [string, string])[];
}

const client = fc.constantFrom(...clients);
const anyText = fc.oneof(fc.string({ maxLength: 40 }), fc.string({ unit: "binary", maxLength: 40 }));
/** Percent-encoding abuse: malformed escapes, NUL, overlong and surrogate UTF-8, raw delimiters. */
const abuse = fc
  .array(
    fc.constantFrom("%", "%Z", "%0", "%00", "%FF", "%C0%AF", "%E0%80%AF", "%ED%A0%80", "%F4%90%80%80", "%EF%BB%BF", "+", "%2B", "%26", "%3D", "%25", "&", "=", "\u0000", "\uD800", "é", "%C3%A9", "%20", " "),
    { maxLength: 8 },
  )
  .map((parts) => parts.join(""));
const value = fc.oneof(
  fc.constantFrom("client_credentials", "password", "read", "write", "admin", "read write", "ghost", "", " read", "read  write"),
  client.map((c) => c.clientId),
  client.map((c) => c.clientSecret),
  anyText,
  abuse,
);
const name = fc.oneof(
  fc.constantFrom("grant_type", "client_id", "client_secret", "scope", "resource", "audience", "access_token", "Grant_Type", "grant_type\u0000"),
  anyText,
  abuse,
);
/** A parameter as it goes on the wire: encoded properly, or raw. */
const param = fc.tuple(name, value, fc.boolean()).map(([n, v, encode]) => (encode ? `${formEncode(n)}=${formEncode(v)}` : `${n}=${v}`));

const validCredentials: fc.Arbitrary<Credentials> = fc.oneof(
  fc.tuple(client, fc.constantFrom("Basic", "basic", "BASIC", "Basic  ")).map(([c, scheme]) => ({
    valid: { clientId: c.clientId, method: "client_secret_basic" as const },
    authorization: basicAuthorization(c.clientId, c.clientSecret).replace("Basic", scheme),
    params: [],
  })),
  client.map((c) => ({
    valid: { clientId: c.clientId, method: "client_secret_post" as const },
    params: [["client_id", c.clientId], ["client_secret", c.clientSecret]] as const,
  })),
);

const invalidCredentials: fc.Arbitrary<Credentials> = fc.oneof(
  fc.constant({ params: [] }),
  fc.tuple(client, anyText).map(([c, secret]) => ({ authorization: basicAuthorization(c.clientId, `${c.clientSecret}${secret}x`), params: [] })),
  fc.tuple(client, anyText).map(([c, secret]) => ({ params: [["client_id", c.clientId], ["client_secret", `x${secret}`]] as const })),
  fc.uint8Array({ maxLength: 64 }).map((bytes) => ({ authorization: `Basic ${btoa(String.fromCharCode(...bytes))}`, params: [] })),
  fc.oneof(anyText, abuse).map((text) => ({ authorization: text, params: [] })),
  fc.oneof(anyText, abuse).map((text) => ({ authorization: `Basic ${text}`, params: [] })),
  fc.integer({ min: 4_000, max: 20_000 }).map((n) => ({ authorization: `Basic ${"A".repeat(n)}`, params: [] })),
  // Both methods at once (RFC 6749 §2.3: never more than one).
  client.map((c) => ({
    authorization: basicAuthorization(c.clientId, c.clientSecret),
    params: [["client_id", c.clientId], ["client_secret", c.clientSecret]] as const,
  })),
);

const credentials = fc.oneof(validCredentials, invalidCredentials);

/** Parameters a well-behaved client might send, values from the scenario's own vocabulary. */
const plausibleParam = fc
  .tuple(
    fc.constantFrom("scope", "scope", "scope", "resource", "resource", "audience", "client_id", "grant_type", "x"),
    fc.constantFrom(
      "read", "write", "admin", "read write", "write read write", "ghost", "", "client_credentials", "service",
      "https://api.example.com", "https://ledger.example.com/v1", "https://evil.example", "https://api.example.com#x",
    ),
  )
  .map(([n, v]) => `${n}=${formEncode(v)}`);

const body = (credentialParams: readonly (readonly [string, string])[]) =>
  fc.oneof(
    { weight: 10, arbitrary: fc.tuple(fc.nat(9), fc.array(plausibleParam, { maxLength: 2 })).map(([grant, params]) => form(credentialParams, grant > 0, params)) },
    { weight: 3, arbitrary: fc.tuple(fc.boolean(), fc.array(param, { maxLength: 12 })).map(([grant, params]) => form(credentialParams, grant, params)) },
    // Deeply repeated parameters.
    { weight: 1, arbitrary: fc.tuple(param, fc.integer({ min: 2, max: 5_000 })).map(([p, n]) => utf8Encoder.encode(`grant_type=client_credentials&${Array(n).fill(p).join("&")}`)) },
    // Many distinct parameters.
    { weight: 1, arbitrary: fc.integer({ min: 1, max: 3_000 }).map((n) => utf8Encoder.encode(Array.from({ length: n }, (_, i) => `p${i}=${i}`).join("&"))) },
    // Binary.
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 512 }) },
    // Oversize.
    { weight: 1, arbitrary: fc.integer({ min: 16 * 1024 - 64, max: 64 * 1024 }).map((n) => form(credentialParams, true, [`pad=${"a".repeat(n)}`])) },
    // Scope abuse: long, many tokens, bad characters.
    { weight: 1, arbitrary: fc.array(fc.constantFrom("read", "write", "admin", "ghost", "r\"", "a\\b", ""), { maxLength: 600 }).map((tokens) =>
      form(credentialParams, true, [`scope=${formEncode(tokens.join(" "))}`])) },
  );

function form(credentialParams: readonly (readonly [string, string])[], grant: boolean, params: readonly string[]): Uint8Array<ArrayBuffer> {
  const wire = credentialParams.map(([n, v]) => `${formEncode(n)}=${formEncode(v)}`);
  if (grant) wire.unshift("grant_type=client_credentials");
  return utf8Encoder.encode([...wire, ...params].join("&"));
}

const contentType = fc.option(
  fc.oneof(
    { weight: 30, arbitrary: fc.constant("application/x-www-form-urlencoded") },
    { weight: 2, arbitrary: fc.constantFrom(
      "application/x-www-form-urlencoded; charset=UTF-8",
      "APPLICATION/X-WWW-FORM-URLENCODED;charset=\"utf-8\"",
      "application/x-www-form-urlencoded; charset=iso-8859-1",
      "application/x-www-form-urlencoded; boundary=x; charset=utf-8; charset=latin1",
      "application/json",
      "multipart/form-data; boundary=x",
      "text/plain",
      "",
    ) },
    { weight: 1, arbitrary: anyText },
  ),
  { freq: 30 },
);

const method = fc.oneof(
  { weight: 12, arbitrary: fc.constant("POST") },
  { weight: 2, arbitrary: fc.constantFrom("GET", "HEAD", "PUT", "PATCH", "DELETE", "OPTIONS", "post", "FOO", "CONNECT", "TRACE") },
);
const query = fc.oneof(
  { weight: 12, arbitrary: fc.constant("") },
  { weight: 1, arbitrary: fc.constantFrom("?client_secret=s3cret-service-secret", "?grant_type=client_credentials", "?client_secret", "?%ZZ", "#frag") },
  { weight: 1, arbitrary: anyText.map((t) => `?${encodeURIComponent(t)}`) },
);
const extraHeaders = fc.oneof({ weight: 4, arbitrary: fc.constant({}) }, { weight: 1, arbitrary: fc.dictionary(
  fc.constantFrom("content-length", "transfer-encoding", "x-forwarded-for", "accept", "dpop", "cookie", "content-encoding"),
  fc.oneof(fc.constantFrom("0", "5", "99999999", "-1", "abc", "gzip", "chunked"), anyText),
  { maxKeys: 2, noNullPrototype: true },
) });

const tokenRequest = credentials.chain((creds) =>
  fc.record({
    creds: fc.constant(creds),
    method,
    query,
    contentType,
    extraHeaders,
    body: body(creds.params),
  }),
);

type Generated = typeof tokenRequest extends fc.Arbitrary<infer T> ? T : never;

/** The `Request`, or `undefined` when WHATWG fetch itself refuses it (it never reaches a server). */
function toRequest(generated: Generated): Request | undefined {
  const headers: Record<string, string> = { ...generated.extraHeaders };
  if (generated.contentType !== null) headers["content-type"] = generated.contentType;
  if (generated.creds.authorization !== undefined) headers.authorization = generated.creds.authorization;
  const hasBody = generated.method !== "GET" && generated.method !== "HEAD";
  try {
    return new Request(`${scenarioIssuer}/token${generated.query}`, {
      method: generated.method,
      headers,
      ...(hasBody ? { body: generated.body } : {}),
    });
  } catch {
    return undefined;
  }
}

let server: AuthorizationServer;
let keys: ReturnType<typeof createLocalJWKSet>;
const reported: unknown[] = [];
beforeAll(async () => {
  // Lockout off, so wrong secrets do not hide the later grants from the fuzzer; the lockout's own
  // answers (429) are pinned in client-auth-limiter.test.ts.
  server = await createScenarioServer(core, { lockout: false, onError: (error) => reported.push(error) });
  await server.ready;
  keys = createLocalJWKSet(await server.keys.jwks() as never);
});

describe("token endpoint, property-based", () => {
  const runs = 300;
  it(
    "never 5xx, never throws, always RFC 6749 §5.1 or §5.2; tokens only for valid credentials and allowed scopes",
    async () => {
      await assertProperty(
        "token endpoint",
        fc.asyncProperty(tokenRequest, async (generated) => {
          const request = toRequest(generated);
          fc.pre(request !== undefined);
          const started = performance.now();
          const response = await server.respondToTokenRequest(request);
          expect(performance.now() - started).toBeLessThan(responseBound);

          expect(response.status).toBeLessThan(500);
          expect(reported).toEqual([]);
          expect(response.headers.get("cache-control")).toBe("no-store");
          expect(response.headers.get("content-type")).toBe("application/json");
          const json = (await response.json()) as Record<string, unknown>;

          if (response.status !== 200) {
            expect(Object.keys(json).sort()).toEqual(["error", "error_description"]);
            expect(errorCodes.has(json.error as string)).toBe(true);
            expect(json.error_description).toMatch(/^[\x20-\x21\x23-\x5B\x5D-\x7E]+$/); // RFC 6749 §5.2 charset
            return;
          }

          // A token: only for the valid credentials the request carried.
          const valid = generated.creds.valid;
          expect(valid).toBeDefined();
          const registered = clients.find((c) => c.clientId === valid?.clientId) as ScenarioClient;
          expect("grantTypes" in registered ? registered.grantTypes : ["client_credentials"]).toContain("client_credentials");
          if ("tokenEndpointAuthMethod" in registered) expect(registered.tokenEndpointAuthMethod).toBe(valid?.method);
          expect(request.method).toBe("POST");

          const { payload } = await jwtVerify(json.access_token as string, keys, { issuer: scenarioIssuer, typ: "at+jwt" });
          expect(payload.client_id).toBe(registered.clientId);
          expect(payload.scope).toBe(json.scope);
          const granted = (json.scope as string).split(" ");
          for (const scope of granted) {
            expect(registered.scopes as readonly string[]).toContain(scope);
            expect(scenarioScopes as readonly string[]).toContain(scope);
          }
          // An enabled client, and an audience it may have: its resources, else the server's.
          expect("disabled" in registered && registered.disabled === true).toBe(false);
          const allowedAudiences: readonly string[] = "resources" in registered ? [...registered.resources, scenarioIssuer] : [scenarioIssuer];
          for (const audience of [payload.aud].flat()) expect(allowedAudiences).toContain(audience);
          expect(json.token_type).toBe("Bearer");
          expect(json).not.toHaveProperty("refresh_token");
        }),
        runs,
      );
    },
    fuzzTimeout(runs),
  );
});
