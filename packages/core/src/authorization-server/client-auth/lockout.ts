import { encodeBase64Url } from "../../lib/base64.js";
import { invalidOption, isPositiveInteger } from "../../lib/checks.js";
import { sha256 } from "../../lib/sha256.js";
import { utf8Encoder } from "../../lib/utf8.js";
import { OAuthError } from "../../protocol/errors.js";
import { BoundedCounterStore } from "../../storage/bounded-counter-store.js";
import type { CounterState, CounterStore } from "../../storage/counters.js";

/**
 * The `lockout` option: how failed client authentications are counted and refused (RFC 6819
 * §5.1.4.2.3, against online guessing of client secrets, RFC 6819 §4.3.5, RFC 6749 §10.10), at
 * the token, revocation and introspection endpoints alike. `false` turns it off.
 *
 * Failures are counted per client id and, with `callerKey`, per (client id, caller) and per
 * caller instead: a client id is counted both as presented and as the client it resolves to, so
 * spellings that the client repository takes for one client share one count. While a count is at
 * `maxFailures`, requests are refused before any secret is checked, with 429 `invalid_client`
 * and `Retry-After` (RFC 6585 §4), even when the secret is right: otherwise the lockout would not
 * stop guessing. A successful authentication resets the client's counts (when it had any), never
 * the caller's.
 */
export interface LockoutOptions {
  /**
   * Where failures are counted. Give a shared store (`@tessera/postgres`, `@tessera/cloudflare`)
   * to count across instances.
   * @defaultValue a {@link BoundedCounterStore} of 10,000 counters in this process's memory
   */
  readonly counters?: CounterStore | undefined;
  /** Failures within `window` that lock a key out. @defaultValue 10 */
  readonly maxFailures?: number | undefined;
  /**
   * Seconds from a key's first failure during which its failures add up; once `maxFailures` is
   * reached, the key is locked out until the window ends. @defaultValue 300
   */
  readonly window?: number | undefined;
  /**
   * Who is calling, as a string (the network peer from the adapter, such as `clientAddress` of
   * `@tessera/node`, or a trusted proxy's header), so that failures are counted per caller and
   * per (client id, caller) rather than per client id alone: then no one can lock a client out
   * for everyone by failing on purpose, and a flood of made-up client ids locks out only its
   * caller. Only trust a forwarding header your own proxy sets. `undefined` for a request counts
   * it as from no particular caller.
   * @defaultValue none: failures are counted per client id
   */
  readonly callerKey?: ((request: Request) => string | undefined) | undefined;
}

/** The longest client id accepted: longer ones are refused before any lookup or counting. */
export const maxClientIdLength = 256;

/** One request's part in the lockout, made before its client is authenticated. */
export interface LockoutAttempt {
  /** Refuses with 429 when the presented client id or the caller is locked out. */
  check(): Promise<void>;
  /** Refuses with 429 when the client the id resolved to is locked out under its own id. */
  checkResolved(clientId: string): Promise<void>;
  /** Counts a failed authentication under every key of the request (and the resolved client's). */
  failed(resolvedClientId: string | undefined): Promise<void>;
  /** Resets the counts of the authenticated client (as presented and as resolved). */
  succeeded(resolvedClientId: string): Promise<void>;
}

/** The lockout of a server: an attempt per request. */
export type Lockout = (presentedClientId: string | undefined, request: () => Request) => LockoutAttempt;

const noAttempt: LockoutAttempt = Object.freeze({
  check: async () => {},
  checkResolved: async () => {},
  failed: async () => {},
  succeeded: async () => {},
});

/** Resolves the `lockout` option, throwing a `TypeError` that names a wrong part. */
export function resolveLockout(options: LockoutOptions | false | undefined, now: () => number): Lockout {
  if (options === false) return () => noAttempt;
  if (options !== undefined && (typeof options !== "object" || options === null)) {
    throw invalidOption("lockout", "expected an object ({ counters, maxFailures, window, callerKey }) or false");
  }
  const { maxFailures = 10, window = 300, callerKey, counters = new BoundedCounterStore({ now }) } = options ?? {};
  if (!isPositiveInteger(maxFailures)) throw invalidOption("lockout.maxFailures", "must be a positive whole number");
  if (!isPositiveInteger(window)) throw invalidOption("lockout.window", "must be a positive whole number of seconds");
  if (typeof counters?.hit !== "function" || typeof counters.peek !== "function" || typeof counters.reset !== "function") {
    throw invalidOption("lockout.counters", "expected a CounterStore with hit(), peek() and reset()");
  }
  if (callerKey !== undefined && typeof callerKey !== "function") {
    throw invalidOption("lockout.callerKey", "expected a function (request: Request) => string | undefined");
  }
  const policy: Policy = { counters, maxFailures, window, now };
  return (presented, request) => {
    const caller = callerKey?.(request());
    return attempt(policy, typeof caller === "string" && caller !== "" ? fingerprint(caller) : undefined, presented);
  };
}

interface Policy {
  readonly counters: CounterStore;
  readonly maxFailures: number;
  readonly window: number;
  readonly now: () => number;
}

function attempt(policy: Policy, caller: string | undefined, presented: string | undefined): LockoutAttempt {
  // Keys are `group/name`, the group the caller (or `-`): what the counters' overflow is kept by.
  const group = caller ?? "-";
  const clientKey = (clientId: string) => `${group}/client:${fingerprint(clientId)}`;
  const presentedKey = presented === undefined ? undefined : clientKey(presented);
  const callerCount = caller === undefined ? undefined : `${group}/caller`;
  const own = [presentedKey, callerCount].filter((key) => key !== undefined);
  const resolvedKey = (clientId: string) => (clientId === presented ? undefined : clientKey(clientId));

  // Whether the presented id had a count when checked: a success resets it only then, so that
  // issuing a token writes nothing to a shared counter store in the usual case.
  let presentedCounted = true;
  return {
    async check() {
      const states = await refuseIfLocked(policy, own);
      presentedCounted = presentedKey === undefined || states[0] !== undefined;
    },
    checkResolved: async (clientId) => {
      const key = resolvedKey(clientId);
      if (key !== undefined) await refuseIfLocked(policy, [key]);
    },
    async failed(resolved) {
      const extra = resolved === undefined ? undefined : resolvedKey(resolved);
      const keys = extra === undefined ? own : [...own, extra];
      await Promise.all(keys.map((key) => policy.counters.hit(key, policy.window)));
    },
    async succeeded(resolved) {
      const keys = [presentedCounted ? presentedKey : undefined, resolvedKey(resolved)].filter((key) => key !== undefined);
      await Promise.all(keys.map((key) => policy.counters.reset(key)));
    },
  };
}

/** Refuses when a key is locked out; resolves with the states read, in the order of `keys`. */
async function refuseIfLocked({ counters, maxFailures, now }: Policy, keys: readonly string[]): Promise<readonly (CounterState | undefined)[]> {
  const states = await Promise.all(keys.map((key) => counters.peek(key)));
  const seconds = now() / 1000;
  let wait = 0;
  for (const state of states) {
    if (state !== undefined && state.count >= maxFailures && state.resetAt > seconds) wait = Math.max(wait, state.resetAt - seconds);
  }
  if (wait > 0) throw lockedOut(Math.ceil(wait));
  return states;
}

/** 128 bits of SHA-256 of a value as at most {@link maxClientIdLength} characters: a key of fixed size. */
function fingerprint(value: string): string {
  return encodeBase64Url(sha256(utf8Encoder.encode(value.slice(0, maxClientIdLength))).subarray(0, 16));
}

/**
 * 429 `invalid_client`: the client is refused (RFC 6749 §5.2: "Client authentication failed"),
 * with the status for rate limiting and when to retry (RFC 6585 §4). No `WWW-Authenticate`:
 * credentials would not help until `Retry-After` has passed.
 */
export function lockedOut(retryAfter: number): OAuthError {
  return new OAuthError("invalid_client", "Too many failed client authentication attempts; retry later.", {
    status: 429,
    headers: { "retry-after": String(retryAfter) },
  });
}

/** Whether an error is the lockout's own refusal, which is not itself a failure to count. */
export function isLockedOut(error: unknown): boolean {
  return error instanceof OAuthError && error.code === "invalid_client" && error.status === 429;
}
