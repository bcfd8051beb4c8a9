import type { JsonWebKeySet } from "./jwk.js";
import type { KeyInfo } from "./key-set.js";
import type { SigningKeyInput } from "./keys.js";

/**
 * An authorization server's signing keys, for rotation without downtime, and for a resource
 * server in the same process to verify with (`createResourceServer({ keys: server.keys, … })`).
 * The procedure:
 * 1. `await keys.add(next)`: the new key is published in the JWKS but signs nothing yet.
 * 2. Wait at least `cacheMaxAge.jwks` seconds, so every cached copy of the JWKS has the new key.
 * 3. `await keys.activate(kid)`: new tokens are signed with it; the old key stays published,
 *    so tokens it signed keep verifying. Requests in flight finish with the key they started with.
 * 4. Once the longest access token TTL has passed since step 3, `await keys.retire(oldKid)`.
 *
 * Several instances behind one issuer are rotated through configuration instead: deploy the
 * new key in `publishedKeys` everywhere (step 1), then make it the `signingKey` with the old one
 * in `publishedKeys` (step 3), then drop the old one (step 4).
 *
 * Every method waits for start-up; a change affects only this process.
 */
export interface KeyManager {
  /** The issuer whose tokens these keys sign. */
  readonly issuer: string;
  /** The public JWK Set as currently published; a new object after every change. */
  jwks(): Promise<JsonWebKeySet>;
  /** The keys in the set, the active one marked. */
  list(): Promise<readonly KeyInfo[]>;
  /**
   * Publishes a key without signing with it, and resolves with its `kid`. A private key (any
   * {@link SigningKeyInput}) can be activated later; a public JWK is only published.
   * Rejects with a `TypeError` for a key that cannot be used.
   */
  add(key: SigningKeyInput): Promise<string>;
  /** Signs new tokens with the key `kid`, which must have been added with its private part. */
  activate(kid: string): Promise<void>;
  /** Stops publishing the key `kid`. The active key cannot be retired. */
  retire(kid: string): Promise<void>;
}
