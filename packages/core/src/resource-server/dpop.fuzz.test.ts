/**
 * Property-based tests of DPoP at the resource server (RFC 9449 §7): whatever the scheme, token
 * and proof — genuine, with a claim or header changed, its signature flipped, cut short, garbage,
 * two of them, none — `verifyRequest` either resolves with the principal of the bound token,
 * only for the DPoP scheme with the genuine proof made for this request (or of the unbound token
 * as a bearer token), or rejects with an
 * OAuthError of RFC 6750 / RFC 9449 §7.1 shape (400 or 401, a `Bearer` or `DPoP` challenge with
 * the realm, never reported to `onError`).
 */
import fc from "fast-check";
import { base64url } from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import { OAuthError } from "../protocol/errors.js";
import { assertProperty, fuzzTimeout } from "../authorization-server/endpoints/fuzz.test.helpers.js";
import { createProtectedResourceFixture, signTestProof, testKeys, type ProtectedResourceFixture } from "@tessera/conformance/tables";
import * as core from "../index.js";
import { createResourceServer, type ResourceServer } from "./create.js";

let fixture: ProtectedResourceFixture;
let resourceServer: ResourceServer;
const reported: unknown[] = [];

beforeAll(async () => {
  fixture = await createProtectedResourceFixture(core);
  resourceServer = createResourceServer({ ...fixture.resourceServerOptions, onError: (error: unknown) => reported.push(error) });
});

const url = "http://localhost/api/read";
const text = fc.oneof(fc.string({ maxLength: 40 }), fc.string({ unit: "binary", maxLength: 40 }));

/** Claims that each make a proof invalid for the request. */
const badClaim = fc.oneof(
  fc.record({ htm: fc.constantFrom("POST", "get", "", "GET ") }),
  fc.record({ htu: fc.constantFrom("http://localhost/api/other", "https://localhost/api/read", "http://127.0.0.1/api/read", "/api/read", "") }),
  fc.record({ iat: fc.oneof(fc.constantFrom(0, -1, 1e12, "now"), fc.integer({ min: 120, max: 100_000 }).map((ago) => Math.floor(Date.now() / 1000) - ago)) }),
  fc.record({ ath: fc.oneof(text, fc.constant(base64url.encode(new Uint8Array(32)))) }),
  fc.record({ jti: fc.constantFrom("", 42, null) }),
);
/** Header members that each make a proof invalid. */
const badHeader = fc.oneof(
  fc.record({ typ: fc.constantFrom("JWT", "", "at+jwt", "dpop") }),
  fc.record({ jwk: fc.constantFrom({ ...testKeys.dpopKey }, (({ d: _d, ...rest }) => rest)(testKeys.unregisteredKey), { kty: "oct", k: "c2VjcmV0" }, {}, "jwk") }),
);

type ProofSpec =
  | { readonly kind: "genuine" | "none" | "two" | "flipped" }
  | { readonly kind: "claims"; readonly claims: Record<string, unknown> }
  | { readonly kind: "header"; readonly header: Record<string, unknown> }
  | { readonly kind: "cut"; readonly at: number }
  | { readonly kind: "garbage"; readonly value: string };

const proofSpec: fc.Arbitrary<ProofSpec> = fc.oneof(
  { weight: 4, arbitrary: fc.constant({ kind: "genuine" as const }) },
  { weight: 1, arbitrary: fc.constantFrom({ kind: "none" as const }, { kind: "two" as const }, { kind: "flipped" as const }) },
  { weight: 2, arbitrary: badClaim.map((claims) => ({ kind: "claims" as const, claims })) },
  { weight: 2, arbitrary: badHeader.map((header) => ({ kind: "header" as const, header })) },
  { weight: 1, arbitrary: fc.nat().map((at) => ({ kind: "cut" as const, at })) },
  { weight: 1, arbitrary: text.map((value) => ({ kind: "garbage" as const, value })) },
);

const requestSpec = fc.record({
  scheme: fc.constantFrom("DPoP", "DPoP", "dpop", "Bearer", "DPoP  ", "DPoP,"),
  token: fc.constantFrom("dpopBound", "dpopBound", "valid", "expired", "tampered") as fc.Arbitrary<"dpopBound" | "valid" | "expired" | "tampered">,
  method: fc.constantFrom("GET", "GET", "POST", "HEAD"),
  proof: proofSpec,
});

type RequestSpec = typeof requestSpec extends fc.Arbitrary<infer T> ? T : never;

async function proofFor(spec: RequestSpec, token: string): Promise<string | undefined> {
  const make = (extra: { claims?: Record<string, unknown>; header?: Record<string, unknown> } = {}) =>
    signTestProof({ method: spec.method, url, accessToken: token, ...extra });
  switch (spec.proof.kind) {
    case "genuine":
      return make();
    case "none":
      return undefined;
    case "two":
      return `${await make()}, ${await make()}`;
    case "flipped": {
      const [h, p, s = ""] = (await make()).split(".");
      const i = Math.floor(s.length / 2);
      return `${h}.${p}.${s.slice(0, i)}${s[i] === "A" ? "B" : "A"}${s.slice(i + 1)}`;
    }
    case "claims":
      return make({ claims: spec.proof.claims });
    case "header":
      return make({ header: spec.proof.header });
    case "cut": {
      const proof = await make();
      return proof.slice(0, spec.proof.at % proof.length);
    }
    case "garbage":
      return spec.proof.value;
  }
}

async function toRequest(spec: RequestSpec): Promise<Request | undefined> {
  const token = fixture.tokens[spec.token];
  const headers: Record<string, string> = { authorization: `${spec.scheme} ${token}` };
  const proof = await proofFor(spec, token);
  if (proof !== undefined) headers.dpop = proof;
  try {
    return new Request(url, { method: spec.method, headers });
  } catch {
    return undefined; // a header value a Request cannot hold
  }
}

describe("DPoP at the resource server, property-based", () => {
  const runs = 200;
  it(
    "resolves only for the bound token with the DPoP scheme and its genuine proof; otherwise an RFC 6750 / RFC 9449 error",
    async () => {
      await assertProperty(
        "DPoP verifyRequest",
        fc.asyncProperty(requestSpec, async (spec) => {
          const request = await toRequest(spec);
          fc.pre(request !== undefined);
          let principal: unknown;
          try {
            principal = await resourceServer.verifyRequest(request);
          } catch (error) {
            expect(error).toBeInstanceOf(OAuthError);
            const oauth = error as OAuthError;
            expect([400, 401]).toContain(oauth.status);
            expect(["invalid_request", "invalid_token", "invalid_dpop_proof"]).toContain(oauth.code);
            expect(oauth.toResponse().headers.get("www-authenticate")).toMatch(/^(Bearer|DPoP) realm="https:\/\/api\.example"/);
            expect(reported).toEqual([]);
            return;
          }
          // The unbound token as a bearer token (a DPoP header beside it is not its business), or
          // the bound token with the DPoP scheme and the genuine proof.
          const bearer = spec.token === "valid" && spec.scheme === "Bearer";
          const bound = spec.token === "dpopBound" && spec.scheme.trim().toLowerCase() === "dpop" && spec.proof.kind === "genuine";
          expect(bearer || bound).toBe(true);
          expect((principal as { clientId: string }).clientId).toBe("service");
        }),
        runs,
      );
    },
    fuzzTimeout(runs),
  );
});
