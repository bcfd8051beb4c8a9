import { OAuthError } from "../../protocol/errors.js";
import { invalidOption, isPositiveInteger } from "../../lib/checks.js";
import type { Client } from "../../storage/clients.js";
import { formatScope, isScopeToken, parseScope } from "../../protocol/scopes.js";
import type { TokenRequest } from "../token-request.js";
import type { Grant, GrantContext, TokenResponse } from "./grant.js";

/** Options of {@link clientCredentialsGrant}. */
export interface ClientCredentialsGrantOptions {
  /**
   * Access token lifetime in seconds for this grant. A client's own `accessTokenTtl` overrides
   * it. Default: the server's `accessTokenTtl`.
   */
  readonly accessTokenTtl?: number | undefined;
  /**
   * What to do with a request that names no scope. RFC 6749 §3.3 lets the server either use a
   * pre-defined default or fail with `invalid_scope`. Default `false`: grant the client's
   * `defaultScopes` (themselves defaulting to all of its scopes).
   */
  readonly requireScope?: boolean | undefined;
}

const grantType = "client_credentials";

/**
 * The client credentials grant (RFC 6749 §4.4): a confidential client authenticates and gets an
 * access token for itself. No refresh token is issued (§4.4.3).
 *
 * @example
 * ```ts
 * createAuthorizationServer({ …, grants: [clientCredentialsGrant({ accessTokenTtl: 900 })] });
 * ```
 */
export function clientCredentialsGrant(options: ClientCredentialsGrantOptions = {}): Grant {
  const { accessTokenTtl, requireScope = false } = options;
  if (accessTokenTtl !== undefined && !isPositiveInteger(accessTokenTtl)) {
    throw invalidOption("clientCredentialsGrant: accessTokenTtl", "must be a positive whole number of seconds");
  }

  return {
    grantType,
    async respondToTokenRequest(request: TokenRequest, context: GrantContext): Promise<TokenResponse> {
      // §4.4.2: "The client MUST authenticate with the authorization server" — confidential
      // clients only; a public client has no secret and so fails here with invalid_client.
      const { client } = await context.authenticateClient(request);
      if (!client.grantTypes.includes(grantType)) {
        throw OAuthError.unauthorizedClient("The client is not authorized to use this grant type.");
      }

      const scopes = await decideScopes(request.params.get("scope"), client, context, requireScope);
      const ttl = client.accessTokenTtl ?? accessTokenTtl ?? context.accessTokenTtl;
      const issued = await context.issueAccessToken({ client, request, subject: client.clientId, scopes, ttl });
      return {
        access_token: issued.token,
        token_type: issued.tokenType,
        expires_in: issued.expiresIn,
        // RFC 6749 §5.1 makes `scope` optional when it equals the request; always sending it
        // saves clients from guessing what a default or finalisation changed.
        scope: formatScope(scopes),
      };
    },
  };
}

async function decideScopes(
  scopeParameter: string | undefined,
  client: Client,
  context: GrantContext,
  requireScope: boolean,
): Promise<readonly string[]> {
  let scopes: readonly string[];
  if (scopeParameter === undefined) {
    if (requireScope) throw OAuthError.invalidScope("The scope parameter is required.");
    scopes = client.defaultScopes ?? client.scopes;
  } else {
    scopes = parseScope(scopeParameter);
    if (!scopes.every((scope) => client.scopes.includes(scope))) {
      throw OAuthError.invalidScope("A requested scope is not allowed for this client.");
    }
  }

  const repository = context.scopes;
  if (repository !== undefined) {
    const registered = new Set(await repository.findScopes(scopes));
    if (!scopes.every((scope) => registered.has(scope))) {
      throw OAuthError.invalidScope("A requested scope is unknown.");
    }
    if (repository.finalizeScopes !== undefined) {
      scopes = checkFinalizedScopes(await repository.finalizeScopes(scopes, { grantType, client }));
    }
  }

  if (scopes.length === 0) throw OAuthError.invalidScope("No scope can be granted to this client.");
  return scopes;
}

/** The hook is the server's own code: a malformed answer is a server error, not the client's. */
function checkFinalizedScopes(scopes: readonly string[]): readonly string[] {
  if (!Array.isArray(scopes) || !scopes.every((scope) => typeof scope === "string" && isScopeToken(scope))) {
    throw new TypeError("ScopeRepository.finalizeScopes returned something other than scope tokens");
  }
  return [...new Set(scopes)];
}
