import { OAuthError } from "./errors.js";

/**
 * Thrown by a repository, a scope hook or a client authentication limiter to declare that a
 * dependency is out of reach for now (a database failing over, a pool exhausted). The token
 * endpoint answers 503 `temporarily_unavailable` with `Retry-After` instead of 500
 * `server_error`, and reports the error to `onError`. The message and cause never reach the
 * client; the description it gets is fixed.
 *
 * @example
 * ```ts
 * async getClient(clientId) {
 *   try {
 *     return await db.clients.find(clientId);
 *   } catch (cause) {
 *     throw new TemporarilyUnavailableError("clients database unreachable", { retryAfter: 5, cause });
 *   }
 * }
 * ```
 * @see RFC 9110 §15.6.4 (503) and §10.2.3 (Retry-After)
 */
export class TemporarilyUnavailableError extends Error {
  override readonly name = "TemporarilyUnavailableError";
  /** Seconds the client should wait, sent as `Retry-After`; none when undefined. */
  readonly retryAfter: number | undefined;

  constructor(message = "a dependency is temporarily unavailable", options: { retryAfter?: number; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    const { retryAfter } = options;
    this.retryAfter =
      typeof retryAfter === "number" && Number.isFinite(retryAfter) && retryAfter >= 0 ? Math.ceil(retryAfter) : undefined;
  }
}

/** A token request that outlived `tokenRequestTimeout`: a dependency hangs. Reported to `onError`. */
export class TokenRequestTimeoutError extends Error {
  override readonly name = "TokenRequestTimeoutError";
}

/**
 * The OAuth error a failure renders as: an {@link OAuthError} as it is, a declared
 * unavailability as 503 `temporarily_unavailable`, anything else as a bare 500 `server_error`.
 */
export function toOAuthError(error: unknown): OAuthError {
  if (error instanceof OAuthError) return error;
  if (error instanceof TemporarilyUnavailableError) {
    return OAuthError.temporarilyUnavailable(
      "The authorization server is temporarily unavailable.",
      error.retryAfter,
      error,
    );
  }
  return OAuthError.serverError(error);
}

/**
 * Settles as `work` does, or rejects with a {@link TokenRequestTimeoutError} after `ms`
 * milliseconds: one timer per request, cleared as soon as the work settles. The work itself
 * cannot be cancelled; what hangs keeps hanging, but the client is answered.
 */
export function withDeadline<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TokenRequestTimeoutError(`the token request took longer than ${ms} ms`)), ms);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}
