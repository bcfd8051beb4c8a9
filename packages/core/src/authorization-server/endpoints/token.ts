import type { Endpoint } from "../../http/exchange.js";
import { OAuthError } from "../../protocol/errors.js";
import { noStoreJsonHeaders } from "../../protocol/response-headers.js";
import type { ClientAuthenticator } from "../client-auth/authenticate.js";
import type { Grant, GrantContext } from "../grants/grant.js";
import type { AccessTokenIssuer } from "../issuance.js";
import type { ResolvedOptions } from "../options.js";
import { readTokenRequest, type TokenRequest } from "../token-request.js";
import { serveClientRequest } from "./client-request.js";
import { tokenBinding } from "./token-dpop.js";

/**
 * The token endpoint (RFC 6749 §3.2): reads the token request, hands it to the grant its
 * `grant_type` names (`unsupported_grant_type` when none is enabled), and answers the grant's
 * token response as JSON, never cached (RFC 6749 §5.1). Once the grant has authenticated the
 * client, a DPoP proof (RFC 9449 §5) binds the token it issues to the proof's key.
 */
export function tokenEndpoint(config: ResolvedOptions, authenticateClient: ClientAuthenticator, issue: AccessTokenIssuer): Endpoint {
  const grantOf = (request: TokenRequest): Grant | undefined => config.grants.get(request.grantType);
  const tokenEndpointUrl = config.origin + config.paths.token;
  return (request) =>
    serveClientRequest(config, request, {
      endpoint: "token",
      read: (incoming) => readTokenRequest(incoming, config.limits),
      accept(tokenRequest) {
        if (grantOf(tokenRequest) === undefined) {
          throw OAuthError.unsupportedGrantType("The grant type is not supported by this server.");
        }
        request.notes.grantType = tokenRequest.grantType;
      },
      async respond(tokenRequest) {
        let jkt: string | undefined;
        const context: GrantContext = {
          async authenticateClient(form) {
            const authenticated = await authenticateClient(form, request);
            jkt = await tokenBinding(request, authenticated.client, config.dpop, tokenEndpointUrl);
            return authenticated;
          },
          issueAccessToken: (grant) => issue(grant, request, jkt),
          scopes: config.scopes,
          accessTokenTtl: config.accessTokenTtl,
        };
        const body = await (grantOf(tokenRequest) as Grant).respondToTokenRequest(tokenRequest, context);
        const nonces = jkt === undefined ? undefined : config.dpop.nonces;
        const headers = nonces === undefined ? noStoreJsonHeaders : { ...noStoreJsonHeaders, "dpop-nonce": await nonces.current() };
        return { status: 200, headers, body: JSON.stringify(body) };
      },
    });
}
