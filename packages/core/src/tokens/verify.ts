import { createLocalJWKSet, jwtVerify, type JSONWebKeySet, type JWTVerifyGetKey } from "jose";
import { toPrincipal, type AccessTokenPrincipal } from "../resource-server/principal.js";
import type { KeySet, PublishedKeySet } from "./key-set.js";

/** Tokens longer than this are not ours: Tessera's are a few hundred bytes (custom claims aside). */
const maxTokenLength = 16 * 1024;

/** The algorithms Tessera signs with. */
const algorithms = ["RS256", "ES256", "EdDSA"];

/** Claims every Tessera access token has (RFC 9068 §2.2). */
const requiredClaims = ["iss", "sub", "aud", "exp", "iat", "jti", "client_id"];

/**
 * Verifies access tokens this server issued, for its revocation and introspection endpoints:
 * `typ` `at+jwt`, a signature by a key of the current key set, `iss` this issuer, and not
 * expired, with no clock tolerance (the server's clock is the one that set `exp`). Any audience.
 * Resolves with the principal, or `undefined` for anything else: a malformed, foreign, forged or
 * expired token, without saying which. Revocation is the caller's to check.
 */
export function createOwnTokenVerifier(
  issuer: string,
  keySet: () => Promise<KeySet>,
  now: () => number,
): (token: string) => Promise<AccessTokenPrincipal | undefined> {
  // The key set's JWKS as jose keys, rebuilt only when the set changes (rotation).
  let cached: { readonly published: PublishedKeySet; readonly keys: JWTVerifyGetKey } | undefined;
  const keysOf = (published: PublishedKeySet): JWTVerifyGetKey => {
    if (cached?.published !== published) {
      cached = { published, keys: createLocalJWKSet(published.jwks as unknown as JSONWebKeySet) };
    }
    return cached.keys;
  };

  return async function verifyOwnToken(token) {
    if (token.length > maxTokenLength) return undefined;
    const keys = keysOf((await keySet()).published);
    try {
      const { payload } = await jwtVerify(token, keys, {
        issuer,
        typ: "at+jwt",
        algorithms,
        requiredClaims,
        currentDate: new Date(now()),
      });
      return toPrincipal(payload);
    } catch {
      return undefined;
    }
  };
}
