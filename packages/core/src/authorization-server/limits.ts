import type { FormRequest } from "../http/form-request.js";
import { invalidOption, isPositiveInteger } from "../lib/checks.js";
import { OAuthError } from "../protocol/errors.js";

/**
 * The `limits` option: bounds on each request to the token, revocation and introspection
 * endpoints, each refused with a precise error before any lookup, so no input, however hostile,
 * costs more than a bounded amount of work.
 */
export interface RequestLimitOptions {
  /**
   * The largest body accepted, in bytes; larger ones get 413 `invalid_request` without being
   * read. @defaultValue 16384
   */
  readonly maxBodyBytes?: number | undefined;
  /**
   * The most parameters a body may carry; more get 400 `invalid_request`. A client credentials
   * request has at most five (RFC 6749 §4.4.2, §2.3.1). @defaultValue 32
   */
  readonly maxParameters?: number | undefined;
  /**
   * The longest `scope` parameter accepted, in characters; longer gets 400 `invalid_scope`
   * (RFC 6749 §5.2: the requested scope is invalid). @defaultValue 1024
   */
  readonly maxScopeLength?: number | undefined;
  /**
   * The longest `Authorization` header accepted, in characters; longer gets 400
   * `invalid_request`. Basic credentials (RFC 7617) of a generated secret take under 200.
   * @defaultValue 4096
   */
  readonly maxAuthorizationLength?: number | undefined;
  /**
   * How long a request may take once its body is read, in seconds: a repository, scope hook or
   * signer that hangs past it gets the client 500 `server_error`, and `onError` a
   * `RequestTimeoutError`. Fractions allowed. @defaultValue 10
   */
  readonly timeout?: number | undefined;
  /**
   * How long the readiness probe waits for the stores' `ping()`, in seconds; a store that has
   * not answered by then is reported not ready. Keep it under the probe's own timeout (a
   * Kubernetes probe's `timeoutSeconds`, 1 s by default). Fractions allowed. @defaultValue 0.5
   */
  readonly probeTimeout?: number | undefined;
}

/** The limits after validation and defaults. */
export interface RequestLimits {
  readonly maxBodyBytes: number;
  readonly maxParameters: number;
  readonly maxScopeLength: number;
  readonly maxAuthorizationLength: number;
  /** Seconds. */
  readonly timeout: number;
  /** Seconds. */
  readonly probeTimeout: number;
}

/** Validates the `limits` option, throwing a `TypeError` that names the first wrong one. */
export function resolveLimits(options: RequestLimitOptions = {}): RequestLimits {
  if (typeof options !== "object" || options === null) throw invalidOption("limits", "expected an object");
  const count = (name: Exclude<keyof RequestLimitOptions, "timeout" | "probeTimeout">, fallback: number): number => {
    const value = options[name] ?? fallback;
    if (!isPositiveInteger(value)) throw invalidOption(`limits.${name}`, "must be a positive whole number");
    return value;
  };
  const seconds = (name: "timeout" | "probeTimeout", fallback: number): number => {
    const value = options[name] ?? fallback;
    if (typeof value !== "number" || !(value > 0) || value > 3600) {
      throw invalidOption(`limits.${name}`, "must be a number of seconds above 0 and at most 3600");
    }
    return value;
  };
  return Object.freeze({
    maxBodyBytes: count("maxBodyBytes", 16 * 1024),
    maxParameters: count("maxParameters", 32),
    maxScopeLength: count("maxScopeLength", 1024),
    maxAuthorizationLength: count("maxAuthorizationLength", 4096),
    timeout: seconds("timeout", 10),
    probeTimeout: seconds("probeTimeout", 0.5),
  });
}

/** Refuses a parsed request whose `scope` parameter or `Authorization` header is over its limit. */
export function checkRequestLimits(request: FormRequest, limits: RequestLimits): void {
  const authorization = request.headers.get("authorization");
  if (authorization !== null && authorization.length > limits.maxAuthorizationLength) {
    throw OAuthError.invalidRequest("The Authorization header is too long.");
  }
  const scope = request.params.get("scope");
  if (scope !== undefined && scope.length > limits.maxScopeLength) {
    throw OAuthError.invalidScope("The scope parameter is too long.");
  }
}
