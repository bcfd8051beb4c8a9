import type { ClientAuthenticationMethod, Client } from "../../storage/clients.js";
import type { ScopeRepository } from "../repositories/scopes.js";
import type { TokenRequest } from "../token-request.js";

/** The successful token response (RFC 6749 §5.1), with its RFC member names. */
export interface TokenResponse {
  readonly access_token: string;
  /** `DPoP` for a token bound to a DPoP key (RFC 9449 §5), else `Bearer`. */
  readonly token_type: "Bearer" | "DPoP";
  readonly expires_in: number;
  readonly scope: string;
  readonly refresh_token?: string;
}

/** A client whose credentials the server has verified. */
export interface AuthenticatedClient {
  readonly client: Client;
  /** How it authenticated. */
  readonly method: ClientAuthenticationMethod;
}

/** What an access token is issued for. */
export interface AccessTokenGrant {
  readonly client: Client;
  /**
   * The token request: its `resources` decide the audience (RFC 8707), and it is what the
   * `customClaims` hook is shown.
   */
  readonly request: TokenRequest;
  /** The token subject (`sub`); for client credentials, the client id. */
  readonly subject: string;
  readonly scopes: readonly string[];
  /**
   * Lifetime in seconds, before the server's `accessTokenTtlByAudience` limits; `expires_in`
   * and `exp - iat` both equal the result.
   */
  readonly ttl: number;
}

/** An access token that has been signed and persisted. */
export interface IssuedAccessToken {
  /** The compact JWT. */
  readonly token: string;
  /** Lifetime in seconds. */
  readonly expiresIn: number;
  /** `DPoP` when the token is bound to the key of the request's DPoP proof (`cnf.jkt`), else `Bearer`. */
  readonly tokenType: "Bearer" | "DPoP";
}

/** The server's services a grant may use. */
export interface GrantContext {
  /**
   * Authenticates the client with the methods the server supports (RFC 6749 §2.3, RFC 7523
   * §2.2), refusing with `invalid_client` or `invalid_request` when it cannot; then checks the
   * request's DPoP proof, if any (RFC 9449 §5), whose key the issued token is bound to.
   */
  authenticateClient(request: TokenRequest): Promise<AuthenticatedClient>;
  /**
   * Decides the audience (RFC 8707 resource indicators, refusing with `invalid_target`), adds
   * the custom claims (and `cnf.jkt` for a DPoP-bound token, RFC 9449 §6.1), signs an RFC 9068
   * access token and awaits the `audit` hook, if any.
   */
  issueAccessToken(grant: AccessTokenGrant): Promise<IssuedAccessToken>;
  /** The scope repository, if one is configured. */
  readonly scopes: ScopeRepository | undefined;
  /** The server-wide access token lifetime in seconds. */
  readonly accessTokenTtl: number;
}

/**
 * A grant type the token endpoint supports: a small value in the server's `grants` list, in the
 * spirit of the league's `enableGrantType()`. The server parses the request, picks the grant by
 * `grant_type`, and renders whatever the grant returns or throws.
 */
export interface Grant {
  /** The `grant_type` value this grant answers (RFC 6749 §4). */
  readonly grantType: string;
  /**
   * Handles a token request whose `grant_type` is {@link Grant.grantType}. Returns the token
   * response or throws an `OAuthError`; any other error becomes `server_error`.
   */
  respondToTokenRequest(request: TokenRequest, context: GrantContext): Promise<TokenResponse>;
}
