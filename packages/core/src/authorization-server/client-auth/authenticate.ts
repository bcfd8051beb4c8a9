import type { FormRequest } from "../../http/form-request.js";
import { vschar } from "../../protocol/client-id.js";
import { OAuthError } from "../../protocol/errors.js";
import type { Client, ClientAuthenticationMethod, ClientRepository } from "../../storage/clients.js";
import type { AuthenticatedClient } from "../grants/grant.js";
import { readCredentials } from "./credentials.js";
import { clientSecretMatchesAny } from "./secrets.js";

/** The client authentication methods Tessera supports, in the order metadata lists them. */
export const clientAuthenticationMethods: readonly ClientAuthenticationMethod[] = [
  "client_secret_basic",
  "client_secret_post",
];

/** Authenticates the client of a request, or refuses with `invalid_client` or `invalid_request`. */
export type ClientAuthenticator = (request: FormRequest) => Promise<AuthenticatedClient>;

/**
 * Authenticates clients with `client_secret_basic` and `client_secret_post` (RFC 6749 §2.3.1), at
 * the token, revocation (RFC 7009 §2.1) and introspection (RFC 7662 §2.1) endpoints. A client's
 * `tokenEndpointAuthMethod` holds at all three. `challenge` is the `WWW-Authenticate` value sent
 * with every 401.
 */
export function createClientAuthenticator(
  clients: ClientRepository,
  challenge: string,
  now: () => number,
): ClientAuthenticator {
  const failed = (description: string) => OAuthError.invalidClient(description, challenge);

  return async function authenticateClient(request) {
    const presented = readCredentials(request, failed);
    if (!vschar.test(presented.clientId) || !vschar.test(presented.clientSecret)) {
      // No registered id or generated secret can contain these, so nothing can match.
      throw failed("Client authentication failed.");
    }
    const client = await clients.getClient(presented.clientId);
    // Unknown clients are checked against a digest that matches nothing: the same work as a
    // wrong secret, so response timing does not reveal which client ids exist.
    const verified = clientSecretMatchesAny(presented.clientSecret, currentSecretHashes(client, now() / 1000));
    // A disabled client fails exactly as a wrong secret does, after the same work.
    if (client === undefined || !verified || client.disabled === true) throw failed("Client authentication failed.");
    // Checked only after the secret, so the registered method is never told to a stranger.
    if (client.tokenEndpointAuthMethod !== undefined && client.tokenEndpointAuthMethod !== presented.method) {
      throw failed("The client is not registered for this authentication method.");
    }
    return { client, method: presented.method };
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
