import type { IncomingRequest, PlainResponse } from "../http/exchange.js";
import { renderError } from "../protocol/errors.js";
import { toOAuthError, type ErrorHook } from "../protocol/faults.js";

/**
 * The one place a failure becomes an answer: an `OAuthError` as it is, a declared unavailability
 * as 503, anything else as a bare 500; a failure on the server's side (5xx) is reported to
 * `onError` with its cause. Client mistakes are answered and not reported.
 */
export function respondWithError(error: unknown, request: IncomingRequest, onError: ErrorHook): PlainResponse {
  const rendered = toOAuthError(error);
  request.notes.error = rendered.code;
  if (rendered.status >= 500) onError(rendered.cause ?? rendered, request.toRequest());
  return renderError(rendered);
}
