import { clientSecretMatchesAny } from "./secrets.js";
import { OAuthError } from "../../protocol/errors.js";
import type { AuthenticatedClient } from "../grants/grant.js";
import { decodeBase64 } from "../../lib/base64.js";
import { decodeFormComponent } from "../../lib/form.js";
import { decodeUtf8 } from "../../lib/utf8.js";
import type { Client, ClientAuthenticationMethod, ClientRepository } from "../repositories/repositories.js";
import type { FormRequest } from "../../http/form-request.js";

/** The client authentication methods Tessera supports, in the order metadata lists them. */
export const clientAuthenticationMethods: readonly ClientAuthenticationMethod[] = [
  "client_secret_basic",
  "client_secret_post",
];

/** RFC 6749 Appendix A: client-id and client-secret are `*VSCHAR`, VSCHAR = %x20-7E. */
const vschar = /^[\x20-\x7E]*$/;

/** Whether `value` can be a client id or secret: non-empty VSCHAR (RFC 6749 Appendix A.1–2). */
export function isClientIdentifier(value: string): boolean {
  return value.length > 0 && vschar.test(value);
}

interface PresentedCredentials {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly method: ClientAuthenticationMethod;
}

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
): (request: FormRequest) => Promise<AuthenticatedClient> {
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

function readCredentials(
  request: FormRequest,
  failed: (description: string) => OAuthError,
): PresentedCredentials {
  const bodyClientId = request.params.get("client_id");
  const bodyClientSecret = request.params.get("client_secret");
  const authorization = request.headers.get("authorization");

  if (authorization !== null) {
    // RFC 6749 §2.3: "The client MUST NOT use more than one authentication method in each request."
    if (bodyClientSecret !== undefined) {
      throw OAuthError.invalidRequest("The request uses more than one client authentication method.");
    }
    const basic = parseBasicCredentials(authorization);
    if (basic === undefined) throw failed("The Authorization header is not valid Basic credentials.");
    if (bodyClientId !== undefined && bodyClientId !== basic.clientId) {
      throw OAuthError.invalidRequest("The client_id parameter does not match the Authorization header.");
    }
    return { ...basic, method: "client_secret_basic" };
  }

  if (bodyClientId === undefined) {
    if (bodyClientSecret !== undefined) throw OAuthError.invalidRequest("The client_id parameter is missing.");
    throw failed("Client authentication is required.");
  }
  if (bodyClientSecret === undefined) {
    // A client_id alone is how a public client identifies itself (RFC 6749 §2.3, "none");
    // no grant here accepts that.
    throw failed("Client authentication is required.");
  }
  return { clientId: bodyClientId, clientSecret: bodyClientSecret, method: "client_secret_post" };
}

/**
 * Parses `Authorization: Basic …` credentials (RFC 7617). The scheme name is case-insensitive;
 * the user-id and password are split at the first colon; and, per RFC 6749 §2.3.1, both were
 * form-urlencoded by the client before base64, so they are form-decoded here. Returns
 * `undefined` for any other scheme or malformed credentials.
 */
export function parseBasicCredentials(
  authorization: string,
): { clientId: string; clientSecret: string } | undefined {
  const match = /^basic +([A-Za-z0-9+/=]+) *$/i.exec(authorization);
  if (match === null) return undefined;
  const bytes = decodeBase64(match[1] as string);
  const decoded = bytes === undefined ? undefined : decodeUtf8(bytes);
  if (decoded === undefined) return undefined;
  const colon = decoded.indexOf(":");
  if (colon === -1) return undefined;
  const clientId = decodeFormComponent(decoded.slice(0, colon));
  const clientSecret = decodeFormComponent(decoded.slice(colon + 1));
  if (clientId === undefined || clientSecret === undefined || clientId === "") return undefined;
  return { clientId, clientSecret };
}

/**
 * The client id a request presents, unverified, as client authentication reads it: from Basic
 * credentials when there is an `Authorization` header, else the `client_id` parameter. For
 * counting failures and telling hooks; `undefined` when it presents none.
 */
export function presentedClientId(request: FormRequest): string | undefined {
  const authorization = request.headers.get("authorization");
  if (authorization !== null) return parseBasicCredentials(authorization)?.clientId;
  return request.params.get("client_id");
}
