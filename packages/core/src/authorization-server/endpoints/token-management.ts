import type { Endpoint, IncomingRequest, PlainResponse } from "../../http/exchange.js";
import { readFormRequest } from "../../http/form-request.js";
import { OAuthError } from "../../protocol/errors.js";
import type { Client } from "../../storage/clients.js";
import type { AccessTokenPrincipal } from "../../tokens/principal.js";
import type { ClientAuthenticator } from "../client-auth/authenticate.js";
import type { ClientEndpoint } from "../events.js";
import type { ResolvedOptions } from "../options.js";
import { serveClientRequest } from "./client-request.js";

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
  /** The request, for the events. */
  readonly request: IncomingRequest;
}

/** Decides the answer of the revocation or the introspection endpoint. */
export type TokenManagementHandler = (request: TokenManagementRequest, config: ResolvedOptions) => Promise<PlainResponse>;

/** Verifies a token string as an access token of this server (see `createOwnTokenVerifier`). */
export type OwnTokenVerifier = (token: string) => Promise<AccessTokenPrincipal | undefined>;

/**
 * An endpoint that manages tokens for authenticated clients: reads a form POST, authenticates the
 * client, reads the required `token` and verifies it as a token of this server, then lets
 * `handler` answer.
 */
export function tokenManagementEndpoint(
  config: ResolvedOptions,
  authenticateClient: ClientAuthenticator,
  verifyOwnToken: OwnTokenVerifier,
  endpoint: ClientEndpoint,
  handler: TokenManagementHandler,
): Endpoint {
  return (request) =>
    serveClientRequest(config, request, {
      endpoint,
      read: (incoming) => readFormRequest(incoming, config.limits),
      async respond(form) {
        const { client } = await authenticateClient(form, request);
        const token = form.params.get("token");
        if (token === undefined) throw OAuthError.invalidRequest("The token parameter is missing.");
        return handler({ client, principal: await verifyOwnToken(token), request }, config);
      },
    });
}
