import type { Endpoint } from "../../http/exchange.js";
import { OAuthError } from "../../protocol/errors.js";
import { noStoreHeaders } from "../../protocol/response-headers.js";
import { revocationGrace } from "../../storage/revocations.js";
import type { ClientAuthenticator } from "../client-auth/authenticate.js";
import { aboutRequest, emit } from "../events.js";
import type { ResolvedOptions } from "../options.js";
import { tokenManagementEndpoint, type OwnTokenVerifier, type TokenManagementHandler } from "./token-management.js";

/** RFC 7009 §2.2: 200 with an empty body; like every token response, never cached. */
const revokedAnswer = Object.freeze({ status: 200, headers: noStoreHeaders, body: null });

/**
 * The revocation endpoint (RFC 7009 §2), after client authentication: `client` revokes an
 * access token issued to it.
 * - A token that is not a valid token of this server (malformed, forged, foreign, expired,
 *   already revoked) is answered 200 like a revoked one: "invalid tokens do not cause an error
 *   response since the client cannot handle such an error in a reasonable way" (§2.2).
 * - A valid token issued to another client is not revoked, and is answered 200 as well: §2.1 has
 *   the server refuse such a request, but an error would tell any authenticated client that a
 *   token string it holds is a genuine, unexpired token of this server, which §2.2 lets the server
 *   avoid ("invalid tokens do not cause an error response"). The token stays valid; a client
 *   learns nothing about a token that is not its own.
 * - A token of the client is marked revoked in the `revocations` store until its `exp` plus
 *   `revocationGrace`, so that no resource server whose clock tolerance is within that grace can
 *   accept it again once the mark is forgotten.
 * - Without `revocations`, the server cannot revoke access tokens: a token it would revoke gets
 *   `unsupported_token_type`, "the client tried to revoke an access token on a server not
 *   supporting this feature" (§2.2.1).
 */
export const revoke: TokenManagementHandler = async ({ client, principal, request }, config) => {
  if (principal !== undefined) {
    if (principal.clientId !== client.clientId) return revokedAnswer;
    if (config.revocations === undefined) {
      throw OAuthError.unsupportedTokenType("This server does not support revoking access tokens.");
    }
    await config.revocations.revokeToken(principal.jti, principal.expiresAt + revocationGrace);
    emit(config.events.tokenRevoked, () => aboutRequest({ clientId: client.clientId, jti: principal.jti }, request), config.onError);
  }
  return revokedAnswer;
};

/** The revocation endpoint (RFC 7009 §2): see {@link revoke}. */
export function revocationEndpoint(
  config: ResolvedOptions,
  authenticateClient: ClientAuthenticator,
  verifyOwnToken: OwnTokenVerifier,
): Endpoint {
  return tokenManagementEndpoint(config, authenticateClient, verifyOwnToken, "revocation", revoke);
}
