import type { IncomingRequest, PlainResponse } from "../../http/exchange.js";
import type { FormRequest } from "../../http/form-request.js";
import { withDeadline } from "../../lib/deadline.js";
import { RequestTimeoutError } from "../../protocol/faults.js";
import { emitClientAuthenticationFailed, type ClientEndpoint } from "../events.js";
import { respondWithError } from "../failures.js";
import { checkRequestLimits } from "../limits.js";
import type { ResolvedOptions } from "../options.js";

/** How an endpoint that authenticates clients reads, checks and answers its requests. */
export interface ClientRequestHandling<F extends FormRequest> {
  /** Which endpoint this is, for the `clientAuthenticationFailed` event. */
  readonly endpoint: ClientEndpoint;
  /** Reads and validates the form (RFC 6749 §3.2, RFC 7009 §2.1, RFC 7662 §2.1). */
  read(request: IncomingRequest): Promise<F>;
  /** Refuses what no client authentication could make acceptable, before any is tried. */
  accept?(form: F): void;
  /** Authenticates the client and answers, within the deadline. */
  respond(form: F): Promise<PlainResponse>;
}

/**
 * The pipeline of the token, revocation and introspection endpoints: read the form, check the
 * request limits, answer within `limits.timeout`, and turn any failure into its OAuth error
 * response, telling `clientAuthenticationFailed` about an `invalid_client`.
 */
export async function serveClientRequest<F extends FormRequest>(
  config: ResolvedOptions,
  request: IncomingRequest,
  handling: ClientRequestHandling<F>,
): Promise<PlainResponse> {
  let form: F | undefined;
  try {
    const read = (form = await handling.read(request));
    checkRequestLimits(read, config.limits);
    handling.accept?.(read);
    const { timeout } = config.limits;
    return await withDeadline(
      handling.respond(read),
      timeout * 1000,
      () => new RequestTimeoutError(`the request took longer than ${timeout} s`),
    );
  } catch (error) {
    emitClientAuthenticationFailed(config.events, error, handling.endpoint, form, request, config.onError);
    return respondWithError(error, request, config.onError);
  }
}
