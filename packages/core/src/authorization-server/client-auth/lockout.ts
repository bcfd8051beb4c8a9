import type { FormRequest } from "../../http/form-request.js";
import { invalidOption } from "../../lib/checks.js";
import { OAuthError } from "../../protocol/errors.js";
import { presentedClientId } from "./credentials.js";
import { InMemoryClientAuthenticationLimiter, type ClientAuthenticationLimiter } from "./limiter.js";

/**
 * The `lockout` option: how failed client authentications are counted and refused (RFC 6819
 * §5.1.4.2.3, against online guessing of client secrets, RFC 6819 §4.3.5, RFC 6749 §10.10).
 * `false` turns the lockout off.
 */
export interface LockoutOptions {
  /**
   * Locks out client ids (and callers, see `callerKey`) after repeated failed client
   * authentication. While a key is locked out, its requests are refused before any secret is
   * checked, with 429 `invalid_client` and `Retry-After` (RFC 6585 §4, RFC 9110 §10.2.3), even
   * when the secret is right: otherwise the lockout would not stop guessing.
   *
   * Lockout per client id lets anyone who knows a client id keep that client locked out by
   * failing on purpose (RFC 6819 §5.1.4.2.3 warns of exactly this). Where every client has a
   * generated secret (256 bits, not guessable), prefer a limiter that ignores `client:` keys
   * and a `callerKey`, or a high `maxFailures`.
   *
   * @defaultValue `new InMemoryClientAuthenticationLimiter()`: 10 failures per key in 300 s,
   * at most 10 000 keys remembered
   * @see RFC 6819 §4.3.5, §5.1.4.2.3
   */
  readonly limiter?: ClientAuthenticationLimiter | undefined;
  /**
   * Who is calling, as a string (for example the client's IP address, from the adapter or a
   * trusted proxy's header), so that failures are also counted per caller. The core cannot know
   * the network peer; only trust a forwarding header your own proxy sets. Returning `undefined`
   * counts the request per client id only.
   * @defaultValue none: failures are counted per client id only
   */
  readonly callerKey?: ((request: Request) => string | undefined) | undefined;
}

/** Resolves the `lockout` option, throwing a `TypeError` that names a wrong part. */
export function resolveLockout(options: LockoutOptions | false | undefined): ClientAuthenticationGuard {
  if (options === false) return unguarded;
  if (options !== undefined && (typeof options !== "object" || options === null)) {
    throw invalidOption("lockout", "expected an object ({ limiter, callerKey }) or false");
  }
  const { limiter = new InMemoryClientAuthenticationLimiter(), callerKey } = options ?? {};
  if (
    typeof limiter?.check !== "function" ||
    typeof limiter.recordFailure !== "function" ||
    typeof limiter.recordSuccess !== "function"
  ) {
    throw invalidOption("lockout.limiter", "expected check(), recordFailure() and recordSuccess()");
  }
  if (callerKey !== undefined && typeof callerKey !== "function") {
    throw invalidOption("lockout.callerKey", "expected a function (request: Request) => string | undefined");
  }
  return createGuard(limiter, callerKey);
}

/**
 * Runs the work of an endpoint that authenticates clients (a grant, revocation, introspection)
 * under the limiter: refuses a locked-out key before anything is authenticated, counts an
 * `invalid_client` answer as a failure of each key, and an answer as a success.
 */
export interface ClientAuthenticationGuard {
  /** `request` gives the request for `callerKey`, made on first use when it did not arrive as a `Request`. */
  run<T>(request: () => Request, form: FormRequest, work: () => Promise<T>): Promise<T>;
}

const unguarded: ClientAuthenticationGuard = Object.freeze({
  run: <T>(_request: () => Request, _form: FormRequest, work: () => Promise<T>) => work(),
});

function createGuard(
  limiter: ClientAuthenticationLimiter,
  callerKey: ((request: Request) => string | undefined) | undefined,
): ClientAuthenticationGuard {
  function keysOf(request: () => Request, form: FormRequest): string[] {
    const keys: string[] = [];
    const clientId = presentedClientId(form);
    if (clientId !== undefined) keys.push(`client:${clientId}`);
    const caller = callerKey?.(request());
    if (typeof caller === "string" && caller !== "") keys.push(`caller:${caller}`);
    return keys;
  }

  return Object.freeze({
    async run<T>(request: () => Request, form: FormRequest, work: () => Promise<T>): Promise<T> {
      const keys = keysOf(request, form);
      let wait = 0;
      for (const key of keys) wait = Math.max(wait, await limiter.check(key));
      if (wait > 0) throw lockedOut(wait);
      let response: T;
      try {
        response = await work();
      } catch (error) {
        if (error instanceof OAuthError && error.code === "invalid_client") {
          for (const key of keys) await limiter.recordFailure(key);
        }
        throw error;
      }
      for (const key of keys) await limiter.recordSuccess(key);
      return response;
    },
  });
}

/**
 * 429 `invalid_client`: the client is refused (RFC 6749 §5.2: "Client authentication failed"),
 * with the status for rate limiting and when to retry (RFC 6585 §4). No `WWW-Authenticate`:
 * credentials would not help until `Retry-After` has passed.
 */
function lockedOut(retryAfter: number): OAuthError {
  return new OAuthError("invalid_client", "Too many failed client authentication attempts; retry later.", {
    status: 429,
    headers: { "retry-after": String(retryAfter) },
  });
}
