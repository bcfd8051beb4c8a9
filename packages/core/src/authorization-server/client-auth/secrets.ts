import { base64url } from "jose";
import { sha256 } from "../../lib/sha256.js";
import { timingSafeEqual } from "../../lib/timing-safe.js";
import { utf8Encoder } from "../../lib/utf8.js";

const prefix = "sha256:";

/**
 * Generates a client secret: 256 random bits from the platform CSPRNG, base64url-encoded
 * (43 characters, all within RFC 6749 Appendix A.2's VSCHAR, so no encoding trouble on the wire).
 */
export function generateClientSecret(): string {
  return base64url.encode(crypto.getRandomValues(new Uint8Array(32)));
}

/**
 * Computes the stored form of a client secret: `sha256:` and the base64url SHA-256 digest.
 * Store this, never the secret.
 *
 * Why a fast hash is right here: a secret from {@link generateClientSecret} carries 256 bits of
 * entropy, so an attacker holding the stored digest cannot guess it however fast each guess is;
 * salts and slow hashes only help against guessable inputs. A slow password hash (bcrypt,
 * scrypt, Argon2) on this path would cost tens of milliseconds per token request and cap the
 * endpoint near 30 tokens per second per core, for no security gain.
 *
 * Why it is wrong for human passwords: those have little entropy, and a fast hash lets an
 * attacker try billions of guesses per second against a stolen digest. Never store a
 * human-chosen secret this way; issue generated secrets to clients instead.
 */
export async function hashClientSecret(secret: string): Promise<string> {
  return prefix + base64url.encode(digest(secret));
}

/**
 * A stored hash in the form {@link hashClientSecret} writes, of a digest no secret has (all zero
 * bits): what a secret of an unknown client is compared with, after decoding it as a known
 * client's hash is decoded, so that both cost the same.
 */
const unmatchableHash = `${prefix}${"A".repeat(43)}`;

/**
 * Checks a presented secret against a stored {@link hashClientSecret} value in constant time.
 * With no stored value (an unknown or public client) it does the same work against a digest that
 * matches nothing, so timing does not tell a missing client from a wrong secret.
 */
export async function verifyClientSecret(
  secret: string,
  storedHash: string | undefined,
): Promise<boolean> {
  return clientSecretMatches(secret, storedHash);
}

/** {@link verifyClientSecret}, synchronously, for the token endpoint's own use. */
export function clientSecretMatches(secret: string, storedHash: string | undefined): boolean {
  return clientSecretMatchesAny(secret, storedHash === undefined ? [] : [storedHash]);
}

/**
 * Whether `secret` matches any of `storedHashes` (a client's secrets while one is rotated), in
 * time that depends only on how many there are: every hash is decoded and compared, and with none
 * at all (an unknown client) one that matches nothing is, so an unknown client costs what a known
 * one with one wrong secret costs.
 */
export function clientSecretMatchesAny(secret: string, storedHashes: readonly string[]): boolean {
  const presented = digest(secret);
  let matched = false;
  for (const storedHash of storedHashes.length === 0 ? [unmatchableHash] : storedHashes) {
    const stored = decodeStoredHash(storedHash);
    // A malformed stored hash is compared with the unmatchable one, so it costs as much and fails.
    if (timingSafeEqual(presented, stored ?? (decodeStoredHash(unmatchableHash) as Uint8Array)) && stored !== undefined) {
      matched = true;
    }
  }
  return matched && storedHashes.length > 0;
}

/** Whether `value` has the form {@link hashClientSecret} produces. */
export function isClientSecretHash(value: string): boolean {
  return decodeStoredHash(value) !== undefined;
}

/**
 * SHA-256 of the secret's UTF-8 bytes. Synchronous (see lib/sha256.ts): on Node,
 * `crypto.subtle.digest` would add a thread-pool round trip to every token request.
 */
function digest(secret: string): Uint8Array {
  return sha256(utf8Encoder.encode(secret));
}

function decodeStoredHash(value: string): Uint8Array | undefined {
  if (!value.startsWith(prefix) || value.length !== prefix.length + 43) return undefined;
  try {
    const bytes = base64url.decode(value.slice(prefix.length));
    return bytes.length === 32 ? bytes : undefined;
  } catch {
    return undefined;
  }
}
