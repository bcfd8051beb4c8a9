import { revocationGrace } from "../../storage/revocations.js";

/** An issued access token, as persisted. Times are seconds since the epoch. */
export interface AccessTokenRecord {
  /** The token's unique id (`jti`, RFC 7519 §4.1.7). */
  readonly jti: string;
  /** The client the token was issued to. */
  readonly clientId: string;
  /** The token's subject (`sub`); for client credentials, the client id. */
  readonly subject: string;
  /** The granted scopes. */
  readonly scopes: readonly string[];
  /** The audience (`aud`). */
  readonly audience: string | readonly string[];
  /** When the token was issued (`iat`). */
  readonly issuedAt: number;
  /** When the token expires (`exp`). */
  readonly expiresAt: number;
}

/** Persists issued access tokens. The league's `AccessTokenRepositoryInterface`. */
export interface AccessTokenRepository {
  /**
   * Called with every token before it is returned to the client; if it throws, the client gets
   * `server_error` and no token.
   */
  persistNewAccessToken(token: AccessTokenRecord): Promise<void>;
  /**
   * Whether the token with this `jti` has been revoked (the league's `isAccessTokenRevoked`).
   * Optional: a resource server given the repository as its `accessTokens` calls it for every
   * token whose signature and claims check out, and refuses revoked ones with `invalid_token`.
   * Answer `false` for a `jti` you do not know. If it throws, the request gets
   * `temporarily_unavailable` (503), never access.
   */
  isAccessTokenRevoked?(jti: string): Promise<boolean>;
  /**
   * Marks the token `jti` revoked, so that {@link AccessTokenRepository.isAccessTokenRevoked}
   * answers `true` from now on (the league's `revokeAccessToken`). `expiresAt`, the token's
   * `exp` in seconds since the epoch, is when the mark may be forgotten. Optional: without it
   * the revocation endpoint (RFC 7009) is not advertised, and answers `unsupported_token_type`
   * for a token it would revoke. Revoking twice must be harmless.
   */
  revokeAccessToken?(jti: string, expiresAt: number): Promise<void>;
}

/** Options of {@link InMemoryAccessTokenRepository}. */
export interface InMemoryAccessTokenRepositoryOptions {
  /** The clock, in milliseconds since the epoch; for tests. @defaultValue `Date.now` */
  readonly now?: (() => number) | undefined;
}

/**
 * Issued access tokens held in memory until they expire, and the revoked ones among them.
 * Expired tokens and revocations are swept out as new ones arrive, so memory stays within about
 * twice the entries still valid, whatever their TTLs.
 */
export class InMemoryAccessTokenRepository implements AccessTokenRepository {
  readonly #tokens = new Map<string, AccessTokenRecord>();
  /** Revoked `jti`s, with when the mark may go: the token's `exp` plus `revocationGrace` (seconds). */
  readonly #revoked = new Map<string, number>();
  readonly #now: () => number;
  /** The size at which the next sweep runs; doubling it keeps sweeping amortised O(1). */
  #sweepAt = minimumSweepSize;

  constructor(options: InMemoryAccessTokenRepositoryOptions = {}) {
    this.#now = options.now ?? Date.now;
  }

  async persistNewAccessToken(token: AccessTokenRecord): Promise<void> {
    this.#sweepIfDue();
    this.#tokens.set(token.jti, Object.freeze({ ...token }));
  }

  /**
   * Revokes the token `jti`: from now on {@link InMemoryAccessTokenRepository.isAccessTokenRevoked}
   * answers `true` for it, so a resource server with this repository refuses it. The mark is
   * kept until the token expires plus `revocationGrace` (300 s, beyond any resource server's clock
   * tolerance): by its `expiresAt` when the repository holds it, else the `expiresAt` given here
   * (seconds since the epoch), else for as long as the repository lives.
   */
  async revokeAccessToken(jti: string, expiresAt?: number): Promise<void> {
    this.#sweepIfDue();
    const exp = this.#tokens.get(jti)?.expiresAt ?? expiresAt ?? Number.POSITIVE_INFINITY;
    this.#revoked.set(jti, exp + revocationGrace);
  }

  /** Whether the token `jti` was revoked with {@link InMemoryAccessTokenRepository.revokeAccessToken}. */
  async isAccessTokenRevoked(jti: string): Promise<boolean> {
    return this.#revoked.has(jti);
  }

  /** The record of a token that has not expired, by `jti`. */
  find(jti: string): AccessTokenRecord | undefined {
    const token = this.#tokens.get(jti);
    return token !== undefined && token.expiresAt > this.#now() / 1000 ? token : undefined;
  }

  /** How many tokens are held, expired ones not yet swept included. */
  get size(): number {
    return this.#tokens.size;
  }

  #sweepIfDue(): void {
    if (this.#tokens.size + this.#revoked.size >= this.#sweepAt) this.#sweep();
  }

  #sweep(): void {
    const now = this.#now() / 1000;
    for (const [jti, token] of this.#tokens) {
      if (token.expiresAt <= now) this.#tokens.delete(jti);
    }
    for (const [jti, expiresAt] of this.#revoked) {
      if (expiresAt <= now) this.#revoked.delete(jti);
    }
    this.#sweepAt = Math.max(minimumSweepSize, (this.#tokens.size + this.#revoked.size) * 2);
  }
}

const minimumSweepSize = 1024;
