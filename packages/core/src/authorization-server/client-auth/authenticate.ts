import type { FormRequest } from "../../http/form-request.js";
import { vschar } from "../../protocol/client-id.js";
import { OAuthError } from "../../protocol/errors.js";
import type { Client, ClientAuthenticationMethod, ClientRepository } from "../../storage/clients.js";
import type { AuthenticatedClient } from "../grants/grant.js";
import { presentedClientId, readCredentials } from "./credentials.js";
import { isLockedOut, maxClientIdLength, type Lockout } from "./lockout.js";
import { clientSecretMatchesAny } from "./secrets.js";

/** The client authentication methods Tessera supports, in the order metadata lists them. */
export const clientAuthenticationMethods: readonly ClientAuthenticationMethod[] = [
  "client_secret_basic",
  "client_secret_post",
];

/**
 * Authenticates the client of a request, or refuses with `invalid_client` (401, or 429 while it
 * is locked out) or `invalid_request`. `request` gives the request for the lockout's `callerKey`.
 */
export type ClientAuthenticator = (form: FormRequest, request: () => Request) => Promise<AuthenticatedClient>;

/**
 * Authenticates clients with `client_secret_basic` and `client_secret_post` (RFC 6749 §2.3.1), at
 * the token, revocation (RFC 7009 §2.1) and introspection (RFC 7662 §2.1) endpoints, under the
 * lockout: a locked-out client id or caller is refused before the client is looked up, a
 * locked-out client before its secret is compared. A client's `tokenEndpointAuthMethod` holds at
 * all three endpoints. `challenge` is the `WWW-Authenticate` value sent with every 401.
 */
export function createClientAuthenticator(
  clients: ClientRepository,
  challenge: string,
  lockout: Lockout,
  now: () => number,
): ClientAuthenticator {
  const failed = (description: string) => OAuthError.invalidClient(description, challenge);

  /** The client whose secret `form` presents, checked; `onResolved` hears of it before its secret is compared. */
  async function verify(form: FormRequest, onResolved: (clientId: string | undefined) => Promise<void>): Promise<AuthenticatedClient> {
    const presented = readCredentials(form, failed);
    const { clientId, clientSecret } = presented;
    if (clientId.length > maxClientIdLength || !vschar.test(clientId) || !vschar.test(clientSecret)) {
      // No registered id or generated secret is that long or holds these, so nothing can match.
      throw failed("Client authentication failed.");
    }
    const client = await clients.getClient(clientId);
    await onResolved(client?.clientId);
    // Unknown clients are checked against a digest that matches nothing: the same work as a
    // wrong secret, so response timing does not reveal which client ids exist.
    const verified = clientSecretMatchesAny(clientSecret, currentSecretHashes(client, now() / 1000));
    // A disabled client fails exactly as a wrong secret does, after the same work.
    if (client === undefined || !verified || client.disabled === true) throw failed("Client authentication failed.");
    // Checked only after the secret, so the registered method is never told to a stranger.
    if (client.tokenEndpointAuthMethod !== undefined && client.tokenEndpointAuthMethod !== presented.method) {
      throw failed("The client is not registered for this authentication method.");
    }
    return { client, method: presented.method };
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
      return authenticated;
    } catch (error) {
      if (error instanceof OAuthError && error.code === "invalid_client" && !isLockedOut(error)) await attempt.failed(resolved);
      throw error;
    }
  };
}

/** The hashes of the secrets `client` may authenticate with at `time` (seconds): not yet expired. */
function currentSecretHashes(client: Client | undefined, time: number): readonly string[] {
  const secrets = client?.secrets;
  if (secrets === undefined) return [];
  const hashes: string[] = [];
  for (const { hash, expiresAt } of secrets) if (expiresAt === undefined || expiresAt > time) hashes.push(hash);
  return hashes;
}
