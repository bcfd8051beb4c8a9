import type { FormRequest } from "../../http/form-request.js";
import { vschar } from "../../protocol/client-id.js";
import { OAuthError } from "../../protocol/errors.js";
import type { Client } from "../../storage/clients.js";
import { parseBasicCredentials } from "./credentials.js";
import { clientSecretMatchesAny } from "./secrets.js";
import type { ClientAuthenticationStrategy, PresentedClient } from "./strategy.js";

/**
 * `client_secret_basic` (RFC 6749 §2.3.1): the client id and secret as HTTP Basic credentials.
 * Any `Authorization` header is taken as an attempt at it, so its failures are 401 with
 * `challenge`, the `Basic` challenge (RFC 6749 §5.2, RFC 9110 §15.5.2).
 */
export function clientSecretBasic(challenge: string, now: () => number): ClientAuthenticationStrategy {
  const failed = (description: string) => OAuthError.invalidClient(description, challenge);
  return {
    method: "client_secret_basic",
    present(form) {
      const authorization = form.headers.get("authorization");
      if (authorization === null) return undefined;
      const basic = parseBasicCredentials(authorization);
      if (basic === undefined) throw failed("The Authorization header is not valid Basic credentials.");
      const bodyClientId = form.params.get("client_id");
      if (bodyClientId !== undefined && bodyClientId !== basic.clientId) {
        throw OAuthError.invalidRequest("The client_id parameter does not match the Authorization header.");
      }
      return secretCredentials(basic.clientId, basic.clientSecret, "client_secret_basic", failed, now);
    },
  };
}

/**
 * `client_secret_post` (RFC 6749 §2.3.1): `client_id` and `client_secret` in the body. Its
 * failures are 400 without a challenge: the client did not use HTTP authentication (§5.2).
 */
export function clientSecretPost(now: () => number): ClientAuthenticationStrategy {
  const failed = (description: string) => OAuthError.invalidClient(description);
  return {
    method: "client_secret_post",
    present(form: FormRequest) {
      const clientSecret = form.params.get("client_secret");
      if (clientSecret === undefined) return undefined;
      const clientId = form.params.get("client_id");
      if (clientId === undefined) throw OAuthError.invalidRequest("The client_id parameter is missing.");
      return secretCredentials(clientId, clientSecret, "client_secret_post", failed, now);
    },
  };
}

function secretCredentials(
  clientId: string,
  clientSecret: string,
  method: "client_secret_basic" | "client_secret_post",
  failed: (description: string) => OAuthError,
  now: () => number,
): PresentedClient {
  // No generated secret holds these, so nothing can match.
  if (!vschar.test(clientSecret)) throw failed("Client authentication failed.");
  return {
    clientId,
    method,
    failed,
    // Unknown clients are checked against a digest that matches nothing: the same work as a
    // wrong secret, so response timing does not reveal which client ids exist.
    verify: async (client) => clientSecretMatchesAny(clientSecret, currentSecretHashes(client, now() / 1000)),
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
