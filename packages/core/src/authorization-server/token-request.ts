import type { IncomingRequest } from "../http/exchange.js";
import { readFormRequest, type FormRequest, type FormRequestLimits } from "../http/form-request.js";
import type { RepeatableParameter } from "../lib/form.js";
import { OAuthError } from "../protocol/errors.js";

/** A token request, parsed once at the edge: what grants read instead of the raw `Request`. */
export interface TokenRequest extends FormRequest {
  /** The `grant_type` parameter (RFC 6749 §4.4.2). */
  readonly grantType: string;
  /**
   * The `resource` parameters (RFC 8707 §2), in order, as sent: the one parameter that may be
   * repeated, so it is here rather than in `params`. Empty when none was sent.
   */
  readonly resources: readonly string[];
}

const noResources: readonly string[] = Object.freeze([]);

/**
 * Reads and validates a token endpoint request (RFC 6749 §3.2): POST only, a form-encoded body
 * within `limits`, in UTF-8, no repeated parameter but `resource` (RFC 8707 §2), no client secret
 * in the URL. Throws an {@link OAuthError} for anything else.
 */
export async function readTokenRequest(request: IncomingRequest, limits: FormRequestLimits): Promise<TokenRequest> {
  const resource: RepeatableParameter = { name: "resource", values: [] };
  const { params, headers } = await readFormRequest(request, limits, resource);
  const grantType = params.get("grant_type");
  if (grantType === undefined) {
    throw OAuthError.invalidRequest("The grant_type parameter is missing.");
  }
  const resources = resource.values.length === 0 ? noResources : resource.values;
  return { grantType, params, headers, resources };
}
