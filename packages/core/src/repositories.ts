/**
 * Client authentication methods at the token endpoint (RFC 7591 §2 `token_endpoint_auth_method`
 * values) that Tessera implements.
 */
export type ClientAuthenticationMethod = "client_secret_basic" | "client_secret_post";

/**
 * A registered client, as a {@link ClientRepository} returns it.
 *
 * Field meanings follow RFC 7591 client metadata, in camelCase.
 */
export interface Client {
  /** The client identifier (RFC 6749 §2.2). */
  readonly clientId: string;
  /**
   * The stored form of the client secret, from {@link hashClientSecret}. A client without one is
   * a public client (RFC 6749 §2.1) and can never use the client credentials grant (§4.4).
   */
  readonly clientSecretHash?: string | undefined;
  /** Grant types the client may use (RFC 7591 `grant_types`), for example `client_credentials`. */
  readonly grantTypes: readonly string[];
  /** Every scope the client may be granted (RFC 7591 `scope`). */
  readonly scopes: readonly string[];
  /**
   * Scopes granted when a request names none (RFC 6749 §3.3's "pre-defined default value").
   * Default: all of {@link Client.scopes}.
   */
  readonly defaultScopes?: readonly string[] | undefined;
  /**
   * The one authentication method this client may use (RFC 7591 `token_endpoint_auth_method`).
   * Default: any method the server supports.
   */
  readonly tokenEndpointAuthMethod?: ClientAuthenticationMethod | undefined;
  /**
   * The resources this client may ask a token for with `resource` (RFC 8707 §2): absolute URIs
   * without fragment, compared exactly. A requested resource outside this list is refused with
   * `invalid_target`. Default: none, so a request naming any resource is refused.
   */
  readonly resources?: readonly string[] | undefined;
  /**
   * The `aud` of a token whose request names no `resource`: among {@link Client.resources}.
   * Default: the server's `audience`.
   */
  readonly defaultResources?: readonly string[] | undefined;
  /**
   * This client's access token lifetime in seconds, over the grant's and the server's.
   * Default: the grant's `accessTokenTtl`, else the server's.
   */
  readonly accessTokenTtl?: number | undefined;
  /**
   * Whether this client may introspect any token of this server (RFC 7662 §2.1), as a resource
   * server does. Every authenticated client may introspect the tokens issued to itself.
   * @defaultValue false
   */
  readonly introspection?: boolean | undefined;
  /**
   * A disabled client cannot authenticate: every request gets `invalid_client`, after the same
   * work as a wrong secret. Tokens it already holds stay valid until revoked or expired.
   * @defaultValue false
   */
  readonly disabled?: boolean | undefined;
}

/** Looks up registered clients. The league's `ClientRepositoryInterface`, as one async call. */
export interface ClientRepository {
  /**
   * Returns the client with this id, or `undefined` when there is none. Do not verify secrets
   * here: Tessera does that itself, in constant time and at the same cost for unknown clients.
   */
  getClient(clientId: string): Promise<Client | undefined>;
}

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
