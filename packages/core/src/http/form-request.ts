import { OAuthError } from "../protocol/errors.js";
import type { IncomingRequest } from "./exchange.js";
import { isFormMediaType, parseForm, type RepeatableParameter } from "../lib/form.js";
import { decodeUtf8 } from "../lib/utf8.js";

/**
 * A form-encoded POST to one of the authorization server's endpoints (token, revocation,
 * introspection), parsed once at the edge: what client authentication and the endpoints read
 * instead of the raw `Request`.
 */
export interface FormRequest {
  /**
   * Every body parameter by its RFC name. Parameters sent without a value are absent
   * (RFC 6749 §3.2); none appears twice (the request would have been refused).
   */
  readonly params: ReadonlyMap<string, string>;
  /** The request headers, as received. */
  readonly headers: Headers;
}

/** The size bounds of a form request. */
export interface FormRequestLimits {
  /** The most bytes of body read; more is refused with 413. */
  readonly maxBodyBytes: number;
  /** The most parameters; more is refused with 400. @defaultValue unlimited */
  readonly maxParameters?: number | undefined;
}

/**
 * Reads a form-encoded POST the way every endpoint with client authentication takes it
 * (RFC 6749 §3.2, RFC 7009 §2.1, RFC 7662 §2.1): POST only, `application/x-www-form-urlencoded`
 * in UTF-8, at most `limits.maxBodyBytes` bytes and `limits.maxParameters` parameters, no repeated
 * parameter (but `repeatable`), no client secret in the URL. Throws an {@link OAuthError} for
 * anything else.
 */
export async function readFormRequest(
  request: IncomingRequest,
  limits: FormRequestLimits,
  repeatable?: RepeatableParameter,
): Promise<FormRequest> {
  if (request.method !== "POST") {
    throw OAuthError.invalidRequest("This endpoint accepts only POST requests.", {
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
  const text = decodeUtf8(await request.readBody(limits.maxBodyBytes));
  if (text === undefined) throw OAuthError.invalidRequest("The request body is not valid UTF-8.");
  const params = parseForm(text, { maxParameters: limits.maxParameters, repeatable });
  if (params === "too-many") throw OAuthError.invalidRequest("The request has too many parameters.");
  if (params === "repeated") {
    throw OAuthError.invalidRequest("A request parameter is repeated.");
  }
  if (params === "malformed") {
    throw OAuthError.invalidRequest("The request body is not well-formed form encoding.");
  }
  return { params, headers: request.headers };
}

function hasQueryParameter(url: string, name: string): boolean {
  const query = url.indexOf("?");
  if (query === -1) return false;
  const hash = url.indexOf("#", query);
  return new URLSearchParams(url.slice(query + 1, hash === -1 ? undefined : hash)).has(name);
}
