import type { AuthorizationServerEvents } from "../events.js";
import type { PlainResponse } from "../../http/exchange.js";
import type { AccessTokenRepository, Client } from "../repositories/repositories.js";
import type { AccessTokenPrincipal } from "../../tokens/principal.js";

/**
 * A revocation (RFC 7009 §2.1) or introspection (RFC 7662 §2.1) request, once the server has
 * read the form, authenticated the client and looked at the required `token` parameter.
 * `token_type_hint` is read by no one: Tessera issues access tokens only, and RFC 7009 §2.1 has
 * the server search every token type it supports whatever the hint, and ignore a hint it does
 * not know.
 */
export interface TokenManagementRequest {
  /** The authenticated caller. */
  readonly client: Client;
  /**
   * The token, when it is an unexpired access token of this server (revoked or not);
   * `undefined` for anything else.
   */
  readonly principal: AccessTokenPrincipal | undefined;
  /** The request, for the events; made on first use when it did not arrive as a `Request`. */
  readonly request: () => Request;
}

/** What the revocation and introspection endpoints use of the server. */
export interface TokenManagementContext {
  readonly accessTokens: AccessTokenRepository | undefined;
  readonly events: AuthorizationServerEvents;
  /** The server's `onError`, made safe to call. */
  readonly report: (error: unknown, request: Request) => void;
}

/** An endpoint behind client authentication: answers a {@link TokenManagementRequest}. */
export type TokenManagementEndpoint = (
  request: TokenManagementRequest,
  context: TokenManagementContext,
) => Promise<PlainResponse>;
