import { base64url } from "jose";
import { decodeUtf8, utf8Encoder } from "../lib/utf8.js";
import { isAccessTokenType, maxAccessTokenLength } from "./access-token-format.js";
import type { KeySet, PublishedKeySet } from "./key-set.js";
import { importVerificationKey, type VerificationKey } from "./keys.js";
import { toPrincipal, type AccessTokenPrincipal } from "./principal.js";

/**
 * Verifies access tokens this server issued, for its revocation and introspection endpoints:
 * a compact JWS whose header is what this server writes (an access token `typ`, the `alg` and
 * `kid` of a key in its current key set), a valid signature by that key, `iss` this issuer, and
 * not expired, with no clock tolerance (the server's own clock set `exp`, RFC 7519 §4.1.4). Any
 * audience. Resolves with the principal, or `undefined` for anything else — malformed, foreign,
 * forged or expired — without saying which. Revocation is the caller's to check.
 *
 * Only the server's own tokens are checked, so this is a few WebCrypto calls rather than a
 * general JWT library: the token server's bundle stays small (core-portability.test.ts).
 */
export function createOwnTokenVerifier(
  issuer: string,
  keySet: () => Promise<KeySet>,
  now: () => number,
): (token: string) => Promise<AccessTokenPrincipal | undefined> {
  // The published keys imported for verification, by kid; rebuilt when the set changes.
  let cache: { readonly published: PublishedKeySet; readonly keys: Map<string, Promise<VerificationKey>> } | undefined;

  function verificationKey(published: PublishedKeySet, kid: string): Promise<VerificationKey> | undefined {
    if (cache?.published !== published) cache = { published, keys: new Map() };
    let key = cache.keys.get(kid);
    if (key === undefined) {
      const jwk = published.byKid.get(kid);
      if (jwk === undefined) return undefined; // not cached: made-up kids cannot grow the map
      key = importVerificationKey(jwk);
      cache.keys.set(kid, key);
    }
    return key;
  }

  return async function verifyOwnToken(token) {
    try {
      if (token.length > maxAccessTokenLength) return undefined;
      const [header, payload, signature, extra] = token.split(".");
      if (header === undefined || payload === undefined || signature === undefined || extra !== undefined) return undefined;
      const { alg, typ, kid } = decodeJson(header);
      if (!isAccessTokenType(typ) || typeof kid !== "string") return undefined;
      const key = await verificationKey((await keySet()).published, kid);
      if (key === undefined || key.alg !== alg) return undefined;
      const signed = await crypto.subtle.verify(
        key.verifyAlgorithm,
        key.publicKey,
        new Uint8Array(base64url.decode(signature)),
        utf8Encoder.encode(`${header}.${payload}`),
      );
      if (!signed) return undefined;
      const claims = decodeJson(payload);
      if (claims.iss !== issuer || typeof claims.exp !== "number" || claims.exp <= now() / 1000) return undefined;
      return toPrincipal(claims);
    } catch {
      return undefined; // malformed base64url, JSON or signature: not a token of this server
    }
  };
}

function decodeJson(segment: string): Record<string, unknown> {
  const text = decodeUtf8(base64url.decode(segment));
  if (text === undefined) throw new TypeError("not UTF-8");
  const value: unknown = JSON.parse(text);
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new TypeError("not a JSON object");
  return value as Record<string, unknown>;
}
