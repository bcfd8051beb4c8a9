import { OAuthError } from "../protocol/errors.js";
import { invalidOption, isPositiveInteger } from "../lib/checks.js";
import type { FormRequest, FormRequestLimits } from "../http/form-request.js";

/**
 * Bounds on a token request, besides `maxBodyBytes`: each one refused with a precise error
 * before any lookup, so no input, however hostile, costs more than a bounded amount of work.
 * Part of {@link AuthorizationServerOptions}.
 */
export interface TokenRequestLimitOptions {
  /**
   * The most parameters a token request body may carry; more get 400 `invalid_request`. A
   * client credentials request has at most five (RFC 6749 §4.4.2, §2.3.1).
   * @defaultValue 32
   */
  readonly maxParameters?: number | undefined;
  /**
   * The longest `scope` parameter accepted, in characters; longer gets 400 `invalid_scope`
   * (RFC 6749 §5.2: the requested scope is invalid).
   * @defaultValue 1024
   */
  readonly maxScopeLength?: number | undefined;
  /**
   * The longest `Authorization` header accepted, in characters; longer gets 400
   * `invalid_request`. Basic credentials (RFC 7617) of a generated secret take under 200.
   * @defaultValue 4096
   */
  readonly maxAuthorizationLength?: number | undefined;
  /**
   * How long a token request may take once its body is read, in seconds: a repository, scope
   * hook or signer that hangs past it gets the client a 500 `server_error`, and `onError` a
   * `TokenRequestTimeoutError`. Fractions allowed.
   * @defaultValue 10
   */
  readonly tokenRequestTimeout?: number | undefined;
}

/** The limits after validation and defaults, `maxBodyBytes` included. */
export interface TokenRequestLimits extends FormRequestLimits {
  readonly maxParameters: number;
  readonly maxScopeLength: number;
  readonly maxAuthorizationLength: number;
  /** In milliseconds. */
  readonly tokenRequestTimeoutMs: number;
}

/** Validates the limit options, throwing a `TypeError` that names the first wrong one. */
export function resolveLimits(options: TokenRequestLimitOptions, maxBodyBytes: number): TokenRequestLimits {
  const count = (name: keyof TokenRequestLimitOptions, fallback: number): number => {
    const value = options[name] ?? fallback;
    if (!isPositiveInteger(value)) throw invalidOption(name, "must be a positive whole number");
    return value;
  };
  const timeout = options.tokenRequestTimeout ?? 10;
  if (typeof timeout !== "number" || !(timeout > 0) || timeout > 3600) {
    throw invalidOption("tokenRequestTimeout", "must be a number of seconds above 0 and at most 3600");
  }
  return Object.freeze({
    maxBodyBytes,
    maxParameters: count("maxParameters", 32),
    maxScopeLength: count("maxScopeLength", 1024),
    maxAuthorizationLength: count("maxAuthorizationLength", 4096),
    tokenRequestTimeoutMs: timeout * 1000,
  });
}

/**
 * Refuses a parsed request (to the token, revocation or introspection endpoint) whose `scope` or
 * `Authorization` header is over its limit.
 */
export function checkRequestLimits(request: FormRequest, limits: TokenRequestLimits): void {
  const authorization = request.headers.get("authorization");
  if (authorization !== null && authorization.length > limits.maxAuthorizationLength) {
    throw OAuthError.invalidRequest("The Authorization header is too long.");
  }
  const scope = request.params.get("scope");
  if (scope !== undefined && scope.length > limits.maxScopeLength) {
    throw OAuthError.invalidScope("The scope parameter is too long.");
  }
}
