import type { IncomingRequest } from "../../http/exchange.js";
import type { FormRequest } from "../../http/form-request.js";
import { vschar } from "../../protocol/client-id.js";
import { OAuthError } from "../../protocol/errors.js";
import type { Client, ClientAuthenticationMethod, ClientRepository } from "../../storage/clients.js";
import type { AuthenticatedClient } from "../grants/grant.js";
import { presentedClientId } from "./credentials.js";
import { isLockedOut, maxClientIdLength, type Lockout } from "./lockout.js";
import type { ClientAuthenticationStrategy, PresentedClient } from "./strategy.js";

/** The client authentication methods Tessera supports, in the order metadata lists them. */
export const clientAuthenticationMethods: readonly ClientAuthenticationMethod[] = [
  "client_secret_basic",
  "client_secret_post",
  "private_key_jwt",
];

/**
 * Authenticates the client of a request, or refuses with `invalid_client` (401 with a challenge
 * for a client that used the `Authorization` header, 400 for one that did not, 429 while it is
 * locked out) or `invalid_request`. `request` is the request as it arrived, for the lockout's
 * caller; its `notes` learn the authenticated client.
 */
export type ClientAuthenticator = (form: FormRequest, request: IncomingRequest) => Promise<AuthenticatedClient>;

/**
 * Authenticates clients with the methods of `strategies` (RFC 6749 §2.3, RFC 7523 §2.2), at the
 * token, revocation (RFC 7009 §2.1) and introspection (RFC 7662 §2.1) endpoints, under the
 * lockout: a locked-out client id or caller is refused before the client is looked up, a
 * locked-out client before its credentials are checked. A request presents exactly one method
 * (RFC 6749 §2.3: "MUST NOT use more than one"); one the server does not `enable` is refused; a
 * client's `tokenEndpointAuthMethod` holds at all three endpoints.
 */
export function createClientAuthenticator(
  clients: ClientRepository,
  strategies: readonly ClientAuthenticationStrategy[],
  enabled: readonly ClientAuthenticationMethod[],
  lockout: Lockout,
): ClientAuthenticator {
  /** The client `form` authenticates as, checked; `onResolved` hears of it before its credentials are checked. */
  async function verify(form: FormRequest, onResolved: (clientId: string | undefined) => Promise<void>): Promise<AuthenticatedClient> {
    const presented = present(form, strategies);
    const { clientId, method } = presented;
    if (!enabled.includes(method)) throw presented.failed("This server does not accept this client authentication method.");
    if (clientId.length > maxClientIdLength || !vschar.test(clientId)) {
      // No registered id is that long or holds these, so nothing can match.
      throw presented.failed("Client authentication failed.");
    }
    const client = await clients.getClient(clientId);
    await onResolved(client?.clientId);
    const verified = await presented.verify(client);
    // A disabled client fails exactly as wrong credentials do, after the same work.
    if (client === undefined || !verified || client.disabled === true) throw presented.failed("Client authentication failed.");
    // Checked only after the credentials, so the registered method is never told to a stranger.
    if (!mayUse(client, method)) throw presented.failed("The client is not registered for this authentication method.");
    return { client, method };
  }

  return async function authenticateClient(form, request) {
    const attempt = lockout(presentedClientId(form), request);
    await attempt.check();
    let resolved: string | undefined;
    try {
      const authenticated = await verify(form, async (clientId) => {
        resolved = clientId;
        if (clientId !== undefined) await attempt.checkResolved(clientId);
      });
      await attempt.succeeded(authenticated.client.clientId);
      request.notes.clientId = authenticated.client.clientId;
      return authenticated;
    } catch (error) {
      if (error instanceof OAuthError && error.code === "invalid_client" && !isLockedOut(error)) await attempt.failed(resolved);
      throw error;
    }
  };
}

/** The one method `form` presents credentials for; `invalid_request` for several, `invalid_client` for none. */
function present(form: FormRequest, strategies: readonly ClientAuthenticationStrategy[]): PresentedClient {
  let found: PresentedClient | undefined;
  for (const strategy of strategies) {
    const presented = strategy.present(form);
    if (presented === undefined) continue;
    // RFC 6749 §2.3: "The client MUST NOT use more than one authentication method in each request."
    if (found !== undefined) throw OAuthError.invalidRequest("The request uses more than one client authentication method.");
    found = presented;
  }
  // A client_id alone is how a public client identifies itself (RFC 6749 §2.3, "none"); no grant
  // here accepts that. Neither used the Authorization header, so: 400, no challenge (§5.2).
  if (found === undefined) throw OAuthError.invalidClient("Client authentication is required.");
  return found;
}

/** Whether `client` may authenticate with `method`: its registered one, else any it has credentials for. */
function mayUse(client: Client, method: ClientAuthenticationMethod): boolean {
  return client.tokenEndpointAuthMethod === undefined || client.tokenEndpointAuthMethod === method;
}
