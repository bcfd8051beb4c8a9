import type { IncomingRequest } from "../../http/exchange.js";
import { encodeBase64Url } from "../../lib/base64.js";
import { invalidOption, isPositiveInteger } from "../../lib/checks.js";
import { sha256 } from "../../lib/sha256.js";
import { utf8Encoder } from "../../lib/utf8.js";
import { OAuthError } from "../../protocol/errors.js";
import { BoundedCounterStore } from "../../storage/bounded-counter-store.js";
import type { CounterState, CounterStore } from "../../storage/counters.js";
import { aboutRequest, emit, type AuthorizationServerEvents } from "../events.js";
import type { ErrorHook } from "../../protocol/faults.js";

/**
 * The `lockout` option: how failed client authentications are counted and refused (RFC 6819
 * §5.1.4.2.3, against online guessing of client secrets, RFC 6819 §4.3.5, RFC 6749 §10.10), at
 * the token, revocation and introspection endpoints alike. `false` turns it off.
 *
 * Failures are counted per (client id, caller) and per caller, the caller being the peer's
 * address as the adapter tells it (`callerKey`); for a request from no known caller, per client
 * id. A client id is counted both as presented and as the client it resolves to, so spellings
 * that the client repository takes for one client share one count. While a count is at
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
  /** Failures within `window` that lock a client id out (for one caller, or for all when the caller is unknown). @defaultValue 10 */
  readonly maxFailures?: number | undefined;
  /**
   * Failures within `window`, whatever the client ids, that lock a caller out for every client
   * id: against a caller trying many ids. Above `maxFailures`, so that callers sharing an
   * address (a NAT, a proxy the server was not told about) do not lock each other out at the
   * first misconfigured client. @defaultValue 100
   */
  readonly maxCallerFailures?: number | undefined;
  /**
   * Seconds from a key's first failure during which its failures add up; once `maxFailures` is
   * reached, the key is locked out until the window ends. @defaultValue 300
   */
  readonly window?: number | undefined;
  /**
   * Who is calling, as a string, so that failures are counted per caller and per (client id,
   * caller) rather than per client id alone: then no one can lock a client out for everyone by
   * failing on purpose, and a flood of made-up client ids locks out only its caller. Behind a
   * reverse proxy every request comes from the proxy: read the client's address from the
   * proxy's own forwarding header instead, and only a header your proxy sets (a client can send
   * any header). `undefined` for a request counts it as from no particular caller.
   * @defaultValue the peer's address, as the adapter tells it (`peerAddress` of
   * `@tessera/core/adapter`: `@tessera/node` and `@tessera/hono` on Node tell it); per client id
   * for a request whose peer is unknown
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

/** The lockout of a server: an attempt per request, and the counters it keeps (for the readiness probe). */
export type Lockout = ((presentedClientId: string | undefined, request: IncomingRequest) => LockoutAttempt) & {
  readonly counters?: CounterStore;
};

const noAttempt: LockoutAttempt = Object.freeze({
  check: async () => {},
  checkResolved: async () => {},
  failed: async () => {},
  succeeded: async () => {},
});

/** Resolves the `lockout` option, throwing a `TypeError` that names a wrong part. */
export function resolveLockout(
  options: LockoutOptions | false | undefined,
  now: () => number,
  events: AuthorizationServerEvents = {},
  onError: ErrorHook = () => {},
): Lockout {
  if (options === false) return () => noAttempt;
  if (options !== undefined && (typeof options !== "object" || options === null)) {
    throw invalidOption("lockout", "expected an object ({ counters, maxFailures, maxCallerFailures, window, callerKey }) or false");
  }
  const { maxFailures = 10, maxCallerFailures = 100, window = 300, callerKey, counters = new BoundedCounterStore({ now }) } = options ?? {};
  if (!isPositiveInteger(maxFailures)) throw invalidOption("lockout.maxFailures", "must be a positive whole number");
  if (!isPositiveInteger(maxCallerFailures)) throw invalidOption("lockout.maxCallerFailures", "must be a positive whole number");
  if (!isPositiveInteger(window)) throw invalidOption("lockout.window", "must be a positive whole number of seconds");
  if (typeof counters?.hit !== "function" || typeof counters.peek !== "function" || typeof counters.reset !== "function") {
    throw invalidOption("lockout.counters", "expected a CounterStore with hit(), peek() and reset()");
  }
  if (callerKey !== undefined && typeof callerKey !== "function") {
    throw invalidOption("lockout.callerKey", "expected a function (request: Request) => string | undefined");
  }
  const policy: Policy = { counters, maxFailures, maxCallerFailures, window, now, events, onError };
  const lockout = (presented: string | undefined, request: IncomingRequest) => {
    const caller = callerKey === undefined ? request.peerAddress : callerKey(request.toRequest());
    return attempt(policy, typeof caller === "string" && caller !== "" ? caller : undefined, presented, request);
  };
  return Object.assign(lockout, { counters });
}

interface Policy {
  readonly counters: CounterStore;
  readonly maxFailures: number;
  readonly maxCallerFailures: number;
  readonly window: number;
  readonly now: () => number;
  readonly events: AuthorizationServerEvents;
  readonly onError: ErrorHook;
}

/** A counter of the lockout: its key, its limit, and what it stands for (for `lockoutStarted`). */
interface Count {
  readonly key: string;
  readonly max: number;
  readonly clientId: string | undefined;
  readonly caller: string | undefined;
}

function attempt(policy: Policy, caller: string | undefined, presented: string | undefined, request: IncomingRequest): LockoutAttempt {
  // Keys are `group/name`, the group the caller (or `-`): what the counters' overflow is kept by.
  const group = caller === undefined ? "-" : fingerprint(caller);
  const clientCount = (clientId: string): Count => ({ key: `${group}/client:${fingerprint(clientId)}`, max: policy.maxFailures, clientId, caller });
  const presentedCount = presented === undefined ? undefined : clientCount(presented);
  const callerCount = caller === undefined ? undefined : { key: `${group}/caller`, max: policy.maxCallerFailures, clientId: undefined, caller };
  const own = [presentedCount, callerCount].filter((count) => count !== undefined);
  const resolvedCount = (clientId: string) => (clientId === presented ? undefined : clientCount(clientId));

  // Whether the presented id had a count when checked: a success resets it only then, so that
  // issuing a token writes nothing to a shared counter store in the usual case.
  let presentedCounted = true;
  return {
    async check() {
      const states = await refuseIfLocked(policy, own);
      presentedCounted = presentedCount === undefined || states[0] !== undefined;
    },
    checkResolved: async (clientId) => {
      const count = resolvedCount(clientId);
      if (count !== undefined) await refuseIfLocked(policy, [count]);
    },
    async failed(resolved) {
      const extra = resolved === undefined ? undefined : resolvedCount(resolved);
      await Promise.all((extra === undefined ? own : [...own, extra]).map((count) => hit(policy, count, request)));
    },
    async succeeded(resolved) {
      const counts = [presentedCounted ? presentedCount : undefined, resolvedCount(resolved)];
      await Promise.all(counts.map((count) => count && policy.counters.reset(count.key)));
    },
  };
}

/** Counts a failure; the one that reaches the limit tells `lockoutStarted`. */
async function hit({ counters, window, events, onError }: Policy, count: Count, request: IncomingRequest): Promise<void> {
  const state = await counters.hit(count.key, window);
  if (state.count !== count.max) return;
  const { clientId, caller } = count;
  emit(events.lockoutStarted, () => aboutRequest({ clientId, caller, until: state.resetAt }, request), onError);
}

/** Refuses when a count is at its limit; resolves with the states read, in the order of `counts`. */
async function refuseIfLocked({ counters, now }: Policy, counts: readonly Count[]): Promise<readonly (CounterState | undefined)[]> {
  const states = await Promise.all(counts.map((count) => counters.peek(count.key)));
  const seconds = now() / 1000;
  let wait = 0;
  states.forEach((state, index) => {
    const max = (counts[index] as Count).max;
    if (state !== undefined && state.count >= max && state.resetAt > seconds) wait = Math.max(wait, state.resetAt - seconds);
  });
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
