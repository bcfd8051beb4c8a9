import { encodeBase64Url } from "../lib/base64.js";
import { sha256 } from "../lib/sha256.js";
import { utf8Encoder } from "../lib/utf8.js";

/**
 * A public key as a JWK (RFC 7517 §4): its members by their RFC names. `kty` is required on the
 * wire (RFC 7517 §4.1) and checked where a key is taken in; it is optional here so that a `JWK`
 * from jose fits as it is.
 */
export interface PublicJwk {
  readonly kty?: string;
  readonly kid?: string;
  readonly alg?: string;
  readonly use?: string;
  readonly [member: string]: unknown;
}

/** A JWK Set (RFC 7517 §5) of public keys: what a JWKS document holds. */
export interface JsonWebKeySet {
  readonly keys: readonly PublicJwk[];
}

/**
 * The members of each key type that its RFC 7638 thumbprint covers, in lexicographic order
 * (RFC 7638 §3.2, RFC 8037 §2): its required public members, which are also all that the
 * server's JWKS publishes of its own keys.
 */
export const thumbprintMembers = {
  EC: ["crv", "kty", "x", "y"],
  OKP: ["crv", "kty", "x"],
  RSA: ["e", "kty", "n"],
} as const satisfies Readonly<Record<string, readonly string[]>>;

/**
 * The RFC 7638 SHA-256 thumbprint of a public key, base64url: the hash of its required members
 * in lexicographic order, as JSON without whitespace (§3): the `kid` of the server's keys, and
 * the `jkt` of a DPoP key. The same as jose's `calculateJwkThumbprint`, made synchronously with
 * the core's SHA-256, since a DPoP proof needs one on every request and `crypto.subtle.digest`
 * would be a round trip to a thread pool.
 * Throws a `TypeError` for a key type other than EC, OKP and RSA, or a required member that is
 * not a string.
 */
export function jwkThumbprint(jwk: PublicJwk): string {
  const members: readonly string[] | undefined =
    typeof jwk.kty === "string" && Object.hasOwn(thumbprintMembers, jwk.kty) ? thumbprintMembers[jwk.kty as keyof typeof thumbprintMembers] : undefined;
  if (members === undefined) throw new TypeError("unsupported key type for a thumbprint");
  const required: Record<string, string> = {};
  for (const member of members) {
    const value = jwk[member];
    if (typeof value !== "string") throw new TypeError(`the key's ${member} is not a string`);
    required[member] = value;
  }
  return encodeBase64Url(sha256(utf8Encoder.encode(JSON.stringify(required))));
}
