/** An issued access token, as the `audit` hook and the `accessTokenIssued` event see it. Times are seconds since the epoch. */
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

/**
 * Receives every token before it is returned, and is awaited: for those who must keep a record
 * of every issued token (an audit trail in a database). If it throws or rejects, the client gets
 * `server_error` (500; `temporarily_unavailable`, 503, for a `TemporarilyUnavailableError`) and
 * no token, and the error goes to `onError`. It costs a write per token, so issuance is only as
 * fast and as available as where it writes; revocation needs no record of issued tokens.
 */
export type AuditHook = (record: AccessTokenRecord) => Promise<void>;
