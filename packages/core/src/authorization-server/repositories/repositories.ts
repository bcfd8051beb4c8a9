import type { Client } from "../../storage/clients.js";

export type { Client, ClientAuthenticationMethod, ClientRepository } from "../../storage/clients.js";

/** What {@link ScopeRepository.finalizeScopes} is told about the request. */
export interface ScopeFinalizationContext {
  /** The grant type being used, for example `client_credentials`. */
  readonly grantType: string;
  /** The authenticated client. */
  readonly client: Client;
}

/** Knows which scopes exist. The league's `ScopeRepositoryInterface`. */
export interface ScopeRepository {
  /**
   * Returns those of `scopes` that are registered; an unregistered scope in a request is refused
   * with `invalid_scope`.
   */
  findScopes(scopes: readonly string[]): Promise<readonly string[]>;
  /**
   * Lists every registered scope, for the metadata document's `scopes_supported`
   * (RFC 8414 §2). Optional: without it the member is left out. Read once, at start-up.
   */
  listScopes?(): Promise<readonly string[]>;
  /**
   * Has the last word on the scopes of a token (the league's `finalizeScopes`): receives the
   * scopes validated against the request and the client, returns the scopes to grant. It may
   * narrow or widen them; returning none refuses the request with `invalid_scope`.
   */
  finalizeScopes?(
    scopes: readonly string[],
    context: ScopeFinalizationContext,
  ): Promise<readonly string[]>;
}

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
