import type { StoreProbe } from "./probe.js";
import type { Consistency } from "./consistency.js";

/** What a revocation check needs to know of a token: its claims `jti`, `client_id` and `iat`. */
export interface RevocableToken {
  readonly jti: string;
  readonly clientId: string;
  /** `iat`, seconds since the epoch. */
  readonly issuedAt: number;
}

/**
 * What a revocation check needs: whether a token is revoked, by its own mark or by its client's.
 * A {@link RevocationStore} is one (a round trip to the store per call), and so is a
 * `RevocationSet` (a local copy, fed by the store's change feed). A check that cannot answer
 * throws, `TemporarilyUnavailableError` when the store is out of reach: the caller then refuses,
 * never grants.
 */
export interface RevocationCheck {
  /** Whether `token` is revoked, by its own mark or by its client's. */
  isRevoked(token: RevocableToken): Promise<boolean>;
}

/**
 * Where revocations are kept (RFC 7009), shared by the authorization server (which writes them)
 * and resource servers (which read them, usually through a local `RevocationSet` fed by the
 * store's `ChangeFeed`). Times are seconds since the epoch.
 *
 * Retention: a mark may be forgotten once `keepUntil` has passed, never before. The server sets
 * it to the token's `exp` plus {@link revocationGrace}, at least the largest clock tolerance of
 * any resource server, so a token can never verify again after its mark is gone.
 */
export interface RevocationStore extends RevocationCheck, StoreProbe {
  /** What revocation writes and reads promise across instances. */
  readonly revocationConsistency: Consistency;
  /** Revokes one token by `jti`. Revoking twice is harmless (the later `keepUntil` wins). */
  revokeToken(jti: string, keepUntil: number): Promise<void>;
  /**
   * Revokes every token of `clientId` issued before `issuedBefore` (its `iat` is earlier).
   * Revoking again with a later time moves the line forward; an earlier one changes nothing.
   */
  revokeClientTokens(clientId: string, issuedBefore: number, keepUntil: number): Promise<void>;
}

/**
 * How long a revocation mark outlives its token, in seconds: the authorization server asks every
 * store to keep a mark until the token's `exp` plus this, and a resource server that checks
 * revocations accepts a clock tolerance of at most this. So a revoked token can never verify
 * again once its mark may have been forgotten.
 */
export const revocationGrace = 300;
