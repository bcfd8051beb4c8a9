import { OAuthError } from "./errors.js";
import { readBody } from "./lib/body.js";
import { isFormMediaType, parseForm } from "./lib/form.js";
import { decodeUtf8 } from "./lib/utf8.js";

/**
 * A token request, parsed once at the edge: what grants and client authentication read instead
 * of the raw `Request`.
 */
export interface TokenRequest {
  /** The `grant_type` parameter (RFC 6749 §4.4.2). */
  readonly grantType: string;
  /**
   * Every body parameter by its RFC name. Parameters sent without a value are absent
   * (RFC 6749 §3.2); none appears twice (the request would have been refused).
   */
  readonly params: ReadonlyMap<string, string>;
  /** The request headers, as received. */
  readonly headers: Headers;
}

/**
 * Reads and validates a token endpoint request (RFC 6749 §3.2): POST only, a form-encoded body
 * of at most `maxBodyBytes` bytes in UTF-8, at most `maxParameters` parameters, none repeated, no
 * client secret in the URL.
 * Throws an {@link OAuthError} for anything else.
 */
export async function readTokenRequest(
  request: Request,
  maxBodyBytes: number,
  maxParameters = Infinity,
): Promise<TokenRequest> {
  if (request.method !== "POST") {
    throw OAuthError.invalidRequest("The token endpoint accepts only POST requests.", {
      status: 405,
      headers: { allow: "POST" },
    });
  }
  if (!isFormMediaType(request.headers.get("content-type"))) {
    throw OAuthError.invalidRequest(
      "The request body must be application/x-www-form-urlencoded in UTF-8.",
    );
  }
  // RFC 6749 §2.3.1: client credentials "MUST NOT be included in the request URI".
  if (hasQueryParameter(request.url, "client_secret")) {
    throw OAuthError.invalidRequest("Client credentials must not be sent in the request URI.");
  }
  const text = decodeUtf8(await readBody(request, maxBodyBytes));
  if (text === undefined) throw OAuthError.invalidRequest("The request body is not valid UTF-8.");
  const params = parseForm(text, maxParameters);
  if (params === "too-many") throw OAuthError.invalidRequest("The request has too many parameters.");
  if (params === "repeated") {
    throw OAuthError.invalidRequest("A request parameter is repeated.");
  }
  if (params === "malformed") {
    throw OAuthError.invalidRequest("The request body is not well-formed form encoding.");
  }
  const grantType = params.get("grant_type");
  if (grantType === undefined) {
    throw OAuthError.invalidRequest("The grant_type parameter is missing.");
  }
  return { grantType, params, headers: request.headers };
}

function hasQueryParameter(url: string, name: string): boolean {
  const query = url.indexOf("?");
  if (query === -1) return false;
  const hash = url.indexOf("#", query);
  return new URLSearchParams(url.slice(query + 1, hash === -1 ? undefined : hash)).has(name);
}
