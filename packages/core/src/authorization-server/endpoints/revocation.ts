import type { Endpoint } from "../../http/exchange.js";
import { OAuthError } from "../../protocol/errors.js";
import { noStoreHeaders } from "../../protocol/response-headers.js";
import type { ClientAuthenticator } from "../client-auth/authenticate.js";
import { emit } from "../events.js";
import type { ResolvedOptions } from "../options.js";
import { tokenManagementEndpoint, type OwnTokenVerifier, type TokenManagementHandler } from "./token-management.js";

/**
 * The revocation endpoint (RFC 7009 §2), after client authentication: `client` revokes an
 * access token issued to it.
 * - A token that is not a valid token of this server (malformed, forged, foreign, expired,
 *   already revoked) is answered 200 like a revoked one: "invalid tokens do not cause an error
 *   response since the client cannot handle such an error in a reasonable way" (§2.2).
 * - A valid token issued to another client is refused with `invalid_request` and stays valid:
 *   the server "verifies whether the token was issued to the client making the revocation
 *   request. If this validation fails, the request is refused and the client is informed of the
 *   error" (§2.1). RFC 6749 §5.2's `unauthorized_client` is about grant types, so the code is
 *   `invalid_request`, as node-oidc-provider answers.
 * - Without `AccessTokenRepository.revokeAccessToken`, the server cannot revoke access tokens:
 *   a token it would revoke gets `unsupported_token_type`, "the client tried to revoke an
 *   access token on a server not supporting this feature" (§2.2.1).
 */
export const revoke: TokenManagementHandler = async ({ client, principal, request }, config) => {
  if (principal !== undefined) {
    if (principal.clientId !== client.clientId) {
      throw OAuthError.invalidRequest("The client is not authorized to revoke the presented token.");
    }
    const repository = config.accessTokens;
    if (repository?.revokeAccessToken === undefined) {
      throw OAuthError.unsupportedTokenType("This server does not support revoking access tokens.");
    }
    await repository.revokeAccessToken(principal.jti, principal.expiresAt);
    emit(config.events.tokenRevoked, () => ({ clientId: client.clientId, jti: principal.jti, request: request() }), config.onError);
  }
  // RFC 7009 §2.2: 200 with an empty body; like every token response, never cached.
  return { status: 200, headers: noStoreHeaders, body: null };
};

/** The revocation endpoint (RFC 7009 §2): see {@link revoke}. */
export function revocationEndpoint(
  config: ResolvedOptions,
  authenticateClient: ClientAuthenticator,
  verifyOwnToken: OwnTokenVerifier,
): Endpoint {
  return tokenManagementEndpoint(config, authenticateClient, verifyOwnToken, "revocation", revoke);
}
