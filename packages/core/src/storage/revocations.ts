import type { Consistency } from "./consistency.js";

/** What a revocation check needs to know of a token: its claims `jti`, `client_id` and `iat`. */
export interface RevocableToken {
  readonly jti: string;
  readonly clientId: string;
  /** `iat`, seconds since the epoch. */
  readonly issuedAt: number;
}

/**
 * Where revocations are kept (RFC 7009), shared by the authorization server (which writes them)
 * and resource servers (which read them, usually through a local revocation set fed by the
 * store's {@link ChangeFeed}). Times are seconds since the epoch.
 *
 * Retention: a mark may be forgotten once `keepUntil` has passed, never before. The server sets
 * it to the token's `exp` plus a grace at least as long as the largest clock tolerance of any
 * resource server, so a token can never verify again after its mark is gone.
 */
export interface RevocationStore {
  /** What revocation writes and reads promise across instances. */
  readonly revocationConsistency: Consistency;
  /** Revokes one token by `jti`. Revoking twice is harmless (the later `keepUntil` wins). */
  revokeToken(jti: string, keepUntil: number): Promise<void>;
  /**
   * Revokes every token of `clientId` issued before `issuedBefore` (its `iat` is earlier).
   * Revoking again with a later time moves the line forward; an earlier one changes nothing.
   */
  revokeClientTokens(clientId: string, issuedBefore: number, keepUntil: number): Promise<void>;
  /** Whether `token` is revoked, by its own mark or by its client's. */
  isRevoked(token: RevocableToken): Promise<boolean>;
}

/**
 * What a resource server asks of a revocation list: whether the token with this `jti` is revoked.
 * `InMemoryAccessTokenRepository` is one. If it throws, the request gets 503
 * `temporarily_unavailable`, never access.
 */
export interface RevocationList {
  isAccessTokenRevoked(jti: string): Promise<boolean>;
}

/**
 * How long a revocation mark outlives its token, in seconds: the authorization server asks every
 * store to keep a mark until the token's `exp` plus this, and a resource server that checks
 * revocations accepts a clock tolerance of at most this. So a revoked token can never verify
 * again once its mark may have been forgotten.
 */
export const revocationGrace = 300;
