/**
 * The signers of client assertions (RFC 7523) and DPoP proofs (RFC 9449) with the fixed test
 * keys. Every signature is made when a scenario runs, with the current time.
 */
import { base64url, calculateJwkThumbprint, importJWK, SignJWT } from "jose";
import { scenarioIssuer } from "./clients.js";
import { publicTestJwk, testKeys, type TestKeyName } from "./test-keys.js";

/** RFC 7523 §2.2: the `client_assertion_type` of a JWT client assertion. */
export const jwtBearer = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

/** What a test assertion says and how it is signed; every member has a sound default. */
export interface TestAssertion {
  readonly clientId: string;
  readonly key?: TestKeyName;
  /** The `kid` header. @defaultValue the key's name, as its client registered it */
  readonly kid?: string;
  /** Claims over the defaults: `iss` = `sub` = the client id, `aud` the issuer, `exp` in 60 s, `iat` now, a fresh `jti`. */
  readonly claims?: Readonly<Record<string, unknown>>;
  /** `none` (unsigned) or `HS256` with the public JWK's JSON as the secret (algorithm confusion). */
  readonly forge?: "none" | "HS256";
}

/** A client assertion, signed now. */
export async function signTestAssertion(assertion: TestAssertion): Promise<string> {
  const { clientId, key = "assertionKey", forge } = assertion;
  const now = Math.floor(Date.now() / 1000);
  const claims = { iss: clientId, sub: clientId, aud: scenarioIssuer, exp: now + 60, iat: now, jti: crypto.randomUUID(), ...assertion.claims };
  const kid = assertion.kid ?? key;
  if (forge === "none") {
    return `${base64url.encode(JSON.stringify({ alg: "none", kid }))}.${base64url.encode(JSON.stringify(claims))}.`;
  }
  const jwt = new SignJWT(claims);
  if (forge === "HS256") {
    return jwt.setProtectedHeader({ alg: "HS256", kid }).sign(new TextEncoder().encode(JSON.stringify(publicTestJwk(key))));
  }
  return jwt.setProtectedHeader({ alg: "ES256", kid }).sign(await importJWK(testKeys[key], "ES256"));
}

/** What a test DPoP proof says; every member has a sound default. */
export interface TestProof {
  readonly method: string;
  readonly url: string;
  readonly key?: TestKeyName;
  /** The access token the proof goes with, for `ath`. */
  readonly accessToken?: string;
  /** Claims over the defaults (`jti`, `htm`, `htu`, `iat`, `ath`). */
  readonly claims?: Readonly<Record<string, unknown>>;
  /** Header members over the defaults (`typ` `dpop+jwt`, `alg` ES256, the public `jwk`). */
  readonly header?: Readonly<Record<string, unknown>>;
}

/** A DPoP proof (RFC 9449 §4.2), signed now. */
export async function signTestProof(proof: TestProof): Promise<string> {
  const { key = "dpopKey" } = proof;
  const { d: _private, ...jwk } = testKeys[key];
  const claims: Record<string, unknown> = { jti: crypto.randomUUID(), htm: proof.method, htu: proof.url, iat: Math.floor(Date.now() / 1000) };
  if (proof.accessToken !== undefined) {
    const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(proof.accessToken)));
    claims.ath = base64url.encode(digest);
  }
  return new SignJWT({ ...claims, ...proof.claims })
    .setProtectedHeader({ typ: "dpop+jwt", alg: "ES256", jwk, ...proof.header })
    .sign(await importJWK(testKeys[key], "ES256"));
}

/** The RFC 7638 thumbprint of a test key: the `cnf.jkt` of a token bound to it. */
export function testKeyThumbprint(name: TestKeyName): Promise<string> {
  const { d: _private, ...jwk } = testKeys[name];
  return calculateJwkThumbprint(jwk);
}
