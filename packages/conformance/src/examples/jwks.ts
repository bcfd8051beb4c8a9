import { calculateJwkThumbprint, type JSONWebKeySet, type JWK } from "jose";
import { expect } from "vitest";
import type { RunningExample } from "./example-process.js";
import { getJson } from "./http.js";

/**
 * The public members RFC 7638 §3.2 hashes, for each key type: all that a JWKS entry may hold
 * besides `kid`, `alg` and `use`.
 */
const publicMembers: Readonly<Record<string, readonly string[]>> = {
  RSA: ["e", "kty", "n"],
  EC: ["crv", "kty", "x", "y"],
  OKP: ["crv", "kty", "x"],
};

/**
 * The JWKS `example` serves, checked: served as `application/jwk-set+json`, and each key with
 * public members only, `use: "sig"`, an `alg`, and its RFC 7638 thumbprint as `kid`.
 */
export async function servedKeys(example: RunningExample): Promise<JSONWebKeySet> {
  const { response, body } = await getJson(`${example.url}/.well-known/jwks.json`);
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toBe("application/jwk-set+json");
  const jwks = body as unknown as JSONWebKeySet;
  for (const { kid, alg, use, ...members } of jwks.keys) {
    expect(Object.keys(members).sort()).toEqual(publicMembers[members.kty ?? ""]);
    expect(use).toBe("sig");
    expect(typeof alg).toBe("string");
    expect(kid).toBe(await calculateJwkThumbprint(members as JWK, "sha256"));
  }
  return jwks;
}
