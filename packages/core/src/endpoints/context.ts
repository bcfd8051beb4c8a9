import { OAuthError } from "../errors.js";
import type { AuthorizationServerEvents } from "../events.js";
import type { AccessTokenRepository } from "../repositories.js";
import type { AccessTokenPrincipal } from "../resource-server/principal.js";
import type { FormRequest } from "../token-request.js";

/** What the revocation and introspection endpoints use of the server. */
export interface TokenManagementContext {
  /** Verifies a token this server issued; `undefined` for anything else. */
  readonly verifyOwnToken: (token: string) => Promise<AccessTokenPrincipal | undefined>;
  readonly accessTokens: AccessTokenRepository | undefined;
  readonly events: AuthorizationServerEvents;
  /** The server's `onError`, made safe to call. */
  readonly report: (error: unknown, request: Request) => void;
}

/**
 * The `token` parameter, required by RFC 7009 §2.1 and RFC 7662 §2.1; `token_type_hint` is
 * read by no one: Tessera issues access tokens only, and RFC 7009 §2.1 has the server search
 * every token type it supports whatever the hint, and ignore a hint it does not know.
 */
export function requireTokenParameter(form: FormRequest): string {
  const token = form.params.get("token");
  if (token === undefined) throw OAuthError.invalidRequest("The token parameter is missing.");
  return token;
}
