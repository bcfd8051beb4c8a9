/**
 * Property-based tests of the token endpoint with keys instead of secrets: a `private_key_jwt`
 * client assertion (RFC 7523) and a DPoP proof (RFC 9449 §4.3), each genuine, with a claim or a
 * header changed, signed by another key, its signature flipped, cut short, garbage or absent.
 * The endpoint never answers 5xx nor reports to `onError`; it issues a token only for a genuine
 * assertion, a `DPoP` token (with `cnf.jkt`) exactly when the proof is genuine, and refuses every
 * assertion failure with 400 `invalid_client` without a challenge and every proof failure with
 * 400 `invalid_dpop_proof`.
 */
import * as core from "../../index.js";
import fc from "fast-check";
import { decodeJwt } from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import { assertProperty, fuzzTimeout } from "./fuzz.test.helpers.js";
import type { AuthorizationServer } from "../create.js";
import { formEncode } from "../../testing.js";
import { createScenarioServer, jwtBearer, scenarioIssuer, signTestAssertion, signTestProof, testKeyThumbprint, testKeys } from "@tessera/conformance/tables";

let server: AuthorizationServer;
const reported: unknown[] = [];
beforeAll(async () => {
  // Lockout off, so refused assertions do not hide the later ones from the fuzzer.
  server = await createScenarioServer(core, { lockout: false, onError: (error) => reported.push(error) });
  await server.ready;
});

const text = fc.oneof(fc.string({ maxLength: 40 }), fc.string({ unit: "binary", maxLength: 40 }));
const now = () => Math.floor(Date.now() / 1000);

/** Claims that each make an assertion unacceptable. */
const badAssertionClaims = fc.oneof(
  fc.record({ aud: fc.constantFrom("https://other.example", "", ["https://other.example"], 42) }),
  fc.record({ exp: fc.oneof(fc.constantFrom("soon", null, 0), fc.integer({ min: 60, max: 10_000 }).map((ago) => now() - ago), fc.integer({ min: 600, max: 100_000 }).map((ahead) => now() + ahead)) }),
  fc.record({ iat: fc.integer({ min: 300, max: 100_000 }).map((ahead) => now() + ahead) }),
  fc.record({ nbf: fc.integer({ min: 300, max: 100_000 }).map((ahead) => now() + ahead) }),
  fc.record({ sub: fc.constantFrom("service", "", "other-key-client") }),
  fc.record({ iss: fc.constantFrom("service", "", null) }),
  fc.record({ jti: fc.constantFrom("", 7, null) }),
);

type AssertionSpec =
  | { readonly kind: "genuine" | "none" | "HS256" | "otherKey" | "unregisteredKey" | "flipped" | "wrongType" | "absent" }
  | { readonly kind: "claims"; readonly claims: Record<string, unknown> }
  | { readonly kind: "cut"; readonly at: number }
  | { readonly kind: "garbage"; readonly value: string };

const assertionSpec: fc.Arbitrary<AssertionSpec> = fc.oneof(
  { weight: 4, arbitrary: fc.constant({ kind: "genuine" as const }) },
  {
    weight: 3,
    arbitrary: fc.constantFrom(...(["none", "HS256", "otherKey", "unregisteredKey", "flipped", "wrongType", "absent"] as const).map((kind) => ({ kind }))),
  },
  { weight: 3, arbitrary: badAssertionClaims.map((claims) => ({ kind: "claims" as const, claims })) },
  { weight: 1, arbitrary: fc.nat().map((at) => ({ kind: "cut" as const, at })) },
  { weight: 1, arbitrary: text.map((value) => ({ kind: "garbage" as const, value })) },
);

type ProofSpec =
  | { readonly kind: "genuine" | "absent" | "flipped" | "two" }
  | { readonly kind: "claims"; readonly claims: Record<string, unknown> }
  | { readonly kind: "header"; readonly header: Record<string, unknown> }
  | { readonly kind: "garbage"; readonly value: string };

const proofSpec: fc.Arbitrary<ProofSpec> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom({ kind: "genuine" as const }, { kind: "absent" as const }) },
  { weight: 1, arbitrary: fc.constantFrom({ kind: "flipped" as const }, { kind: "two" as const }) },
  {
    weight: 2,
    arbitrary: fc
      .oneof(
        fc.record({ htm: fc.constantFrom("GET", "post", "") }),
        fc.record({ htu: fc.constantFrom("https://other.example/token", "http://localhost/revoke", "/token", "") }),
        fc.record({ iat: fc.oneof(fc.constantFrom("now", null), fc.integer({ min: 120, max: 100_000 }).map((ago) => now() - ago), fc.integer({ min: 60, max: 100_000 }).map((ahead) => now() + ahead)) }),
        fc.record({ jti: fc.constantFrom("", 1, null) }),
      )
      .map((claims) => ({ kind: "claims" as const, claims })),
  },
  {
    weight: 2,
    arbitrary: fc
      .oneof(
        fc.record({ typ: fc.constantFrom("JWT", "", "at+jwt") }),
        fc.record({ alg: fc.constantFrom("none", "HS256", "ES384") }),
        fc.record({ jwk: fc.constantFrom({ ...testKeys.dpopKey }, { kty: "oct", k: "c2VjcmV0" }, {}) }),
      )
      .map((header) => ({ kind: "header" as const, header })),
  },
  { weight: 1, arbitrary: text.map((value) => ({ kind: "garbage" as const, value })) },
);

function flip(jws: string): string {
  const [h, p, s = ""] = jws.split(".");
  const i = Math.floor(s.length / 2);
  return `${h}.${p}.${s.slice(0, i)}${s[i] === "A" ? "B" : "A"}${s.slice(i + 1)}`;
}

async function assertionParams(spec: AssertionSpec): Promise<string> {
  const make = (extra: Parameters<typeof signTestAssertion>[0] = { clientId: "key-client" }) => signTestAssertion(extra);
  const param = (assertion: string, type = jwtBearer) => `client_assertion_type=${formEncode(type)}&client_assertion=${formEncode(assertion)}`;
  switch (spec.kind) {
    case "genuine":
      return param(await make());
    case "none":
    case "HS256":
      return param(await make({ clientId: "key-client", forge: spec.kind }));
    case "otherKey":
      return param(await make({ clientId: "key-client", key: "otherClientKey", kid: "assertionKey" }));
    case "unregisteredKey":
      return param(await make({ clientId: "key-client", key: "unregisteredKey" }));
    case "flipped":
      return param(flip(await make()));
    case "wrongType":
      return param(await make(), "urn:ietf:params:oauth:client-assertion-type:saml2-bearer");
    case "absent":
      return "client_id=key-client";
    case "claims":
      return param(await make({ clientId: "key-client", claims: spec.claims }));
    case "cut": {
      const assertion = await make();
      return param(assertion.slice(0, spec.at % assertion.length));
    }
    case "garbage":
      return param(spec.value);
  }
}

async function proofHeader(spec: ProofSpec): Promise<string | undefined> {
  const make = (extra: { claims?: Record<string, unknown>; header?: Record<string, unknown> } = {}) =>
    signTestProof({ method: "POST", url: `${scenarioIssuer}/token`, ...extra });
  switch (spec.kind) {
    case "genuine":
      return make();
    case "absent":
      return undefined;
    case "flipped":
      return flip(await make());
    case "two":
      return `${await make()}, ${await make()}`;
    case "claims":
      return make({ claims: spec.claims });
    case "header":
      return make({ header: spec.header }).catch(() => "unsignable");
    case "garbage":
      return spec.value;
  }
}

describe("the token endpoint with client assertions and DPoP proofs, property-based", () => {
  const runs = 200;
  it(
    "issues only for a genuine assertion, binds only to a genuine proof, refuses the rest as invalid_client or invalid_dpop_proof",
    async () => {
      const jkt = await testKeyThumbprint("dpopKey");
      await assertProperty(
        "client assertions and DPoP proofs",
        fc.asyncProperty(assertionSpec, proofSpec, async (assertion, proof) => {
          const headers: Record<string, string> = { "content-type": "application/x-www-form-urlencoded" };
          const dpop = await proofHeader(proof);
          if (dpop !== undefined) headers.dpop = dpop;
          let request: Request;
          try {
            request = new Request(`${scenarioIssuer}/token`, { method: "POST", headers, body: `grant_type=client_credentials&${await assertionParams(assertion)}` });
          } catch {
            fc.pre(false);
            return;
          }
          const response = await server.respondToTokenRequest(request);
          expect(response.status).toBeLessThan(500);
          expect(reported).toEqual([]);
          const body = (await response.json()) as Record<string, unknown>;
          if (response.status !== 200) {
            expect(response.headers.get("www-authenticate")).toBeNull();
            expect(response.status).toBe(400);
            const refusedForProof = body.error === "invalid_dpop_proof";
            if (assertion.kind === "genuine") expect(body.error).toBe("invalid_dpop_proof");
            if (refusedForProof) expect(proof.kind).not.toBe("genuine");
            else expect(body.error).toMatch(/^invalid_(client|request)$/);
            return;
          }
          expect(assertion.kind).toBe("genuine");
          expect(["genuine", "absent"]).toContain(proof.kind);
          const claims = decodeJwt(body.access_token as string);
          expect(claims.client_id).toBe("key-client");
          if (proof.kind === "genuine") expect([body.token_type, claims.cnf]).toEqual(["DPoP", { jkt }]);
          else expect([body.token_type, claims.cnf]).toEqual(["Bearer", undefined]);
        }),
        runs,
      );
    },
    fuzzTimeout(runs),
  );
});
