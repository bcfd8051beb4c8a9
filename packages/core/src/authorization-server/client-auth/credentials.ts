import { decodeJwt } from "jose";
import type { FormRequest } from "../../http/form-request.js";
import { decodeBase64 } from "../../lib/base64.js";
import { decodeFormComponent } from "../../lib/form.js";
import { decodeUtf8 } from "../../lib/utf8.js";

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
 * credentials when there is an `Authorization` header, else the `client_id` parameter, else the
 * `sub` of a client assertion. For counting failures and telling hooks; `undefined` when it
 * presents none.
 */
export function presentedClientId(request: FormRequest): string | undefined {
  const authorization = request.headers.get("authorization");
  if (authorization !== null) return parseBasicCredentials(authorization)?.clientId;
  const clientId = request.params.get("client_id");
  if (clientId !== undefined) return clientId;
  const assertion = request.params.get("client_assertion");
  if (assertion === undefined || assertion.length > 8192) return undefined;
  try {
    const { sub } = decodeJwt(assertion);
    return typeof sub === "string" && sub !== "" ? sub : undefined;
  } catch {
    return undefined;
  }
}
