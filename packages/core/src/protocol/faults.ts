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

/**
 * A request to the token, revocation or introspection endpoint that outlived `limits.timeout`:
 * a dependency hangs. Answered `server_error` and reported to `onError`.
 */
export class RequestTimeoutError extends Error {
  override readonly name = "RequestTimeoutError";
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
 * Told about failures on the server's side: what was answered 500 `server_error` or 503
 * `temporarily_unavailable`, and hooks that failed. `request` is the request being answered, when
 * there is one as a `Request`. Client mistakes are not errors and are not reported. The one
 * signature of every `onError` option, in every Tessera package.
 */
export type ErrorHook = (error: unknown, request: Request | undefined) => void;

/**
 * An {@link ErrorHook} that cannot throw: a failing hook must not turn one failed request into a
 * crash. Without `hook`, one line naming the error's type goes to `console.error`, prefixed by
 * `source`: never its message, which may carry what a repository or handler put in it.
 */
export function safeErrorHook(hook: ErrorHook | undefined, source: string): ErrorHook {
  const report = hook ?? ((error) => console.error(`${source}: unexpected ${errorType(error)}; pass onError to see and handle it`));
  return (error, request) => {
    try {
      report(error, request);
    } catch {
      // Ignored, as documented: the answer has been decided already.
    }
  };
}

/** The name of an error's type, or `typeof` the value thrown. */
function errorType(error: unknown): string {
  return error instanceof Error ? error.name : typeof error;
}
