import type { FormRequest } from "../../http/form-request.js";
import { decodeBase64 } from "../../lib/base64.js";
import { decodeFormComponent } from "../../lib/form.js";
import { decodeUtf8 } from "../../lib/utf8.js";
import { OAuthError } from "../../protocol/errors.js";
import type { ClientAuthenticationMethod } from "../../storage/clients.js";

/** A client id and secret as a request presents them, and how. */
export interface PresentedCredentials {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly method: ClientAuthenticationMethod;
}

/**
 * The client credentials of a request (RFC 6749 §2.3.1): Basic credentials in the `Authorization`
 * header, or `client_id` and `client_secret` in the body; exactly one method. Throws
 * `invalid_request` for a request that mixes methods or contradicts itself, and `failed(…)` (the
 * endpoint's `invalid_client`) for credentials that are missing or malformed.
 */
export function readCredentials(
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
