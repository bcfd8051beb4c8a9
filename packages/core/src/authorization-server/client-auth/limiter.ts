import { invalidOption, isPositiveInteger } from "../../lib/checks.js";

/**
 * Counts failed client authentications and locks out a key that fails too often: the
 * lockout of RFC 6819 §5.1.4.2.3, against online guessing of client secrets (RFC 6819 §4.3.5,
 * RFC 6749 §10.10). The token endpoint asks it about two kinds of key for each request:
 * - `client:<client_id>`, the client id the request presents (failures against one client);
 * - `caller:<key>`, what the `callerKey` option says about the request (failures from one
 *   caller, whatever client ids it tries), when that option is set.
 *
 * The check comes before the secret is verified and the failure is recorded after, so requests
 * already in flight when a key reaches its limit still get their answer: per window, an attacker
 * gets at most the limit plus as many guesses as it can have in flight at once.
 *
 * Any method may be asynchronous (a shared store for several instances). If one throws, the
 * request is answered 500 `server_error` (or 503, for a {@link TemporarilyUnavailableError}):
 * the limiter fails closed.
 */
export interface ClientAuthenticationLimiter {
  /** Seconds `key` must wait before it may try again; 0 when it may try now. */
  check(key: string): number | Promise<number>;
  /** A request presenting `key` failed client authentication (`invalid_client`). */
  recordFailure(key: string): void | Promise<void>;
  /** A request presenting `key` authenticated and got a token: forget its failures. */
  recordSuccess(key: string): void | Promise<void>;
}

/** Options of {@link InMemoryClientAuthenticationLimiter}. */
export interface InMemoryClientAuthenticationLimiterOptions {
  /** Failures of one key, within `window`, that lock it out. @defaultValue 10 */
  readonly maxFailures?: number | undefined;
  /**
   * Seconds from a key's first failure during which its failures add up; once `maxFailures`
   * is reached, the key is locked out until the window ends. @defaultValue 300
   */
  readonly window?: number | undefined;
  /**
   * Keys remembered at most; past it the least recently failed key is forgotten, so a flood of
   * distinct client ids or callers cannot grow memory. @defaultValue 10000
   */
  readonly maxKeys?: number | undefined;
  /** The clock, in milliseconds since the epoch; for tests. @defaultValue `Date.now` */
  readonly now?: (() => number) | undefined;
}

interface FailureWindow {
  readonly start: number;
  failures: number;
}

/**
 * The default {@link ClientAuthenticationLimiter}: a fixed window of failures per key, in this
 * process's memory. O(1) per call; bounded to `maxKeys` entries (about 100 bytes each) by
 * evicting the least recently failed key. Instances behind one issuer each count on their own.
 */
export class InMemoryClientAuthenticationLimiter implements ClientAuthenticationLimiter {
  readonly #maxFailures: number;
  readonly #windowMs: number;
  readonly #maxKeys: number;
  readonly #now: () => number;
  /** In order of last failure, oldest first: a Map keeps insertion order. */
  readonly #windows = new Map<string, FailureWindow>();

  constructor(options: InMemoryClientAuthenticationLimiterOptions = {}) {
    const { maxFailures = 10, window = 300, maxKeys = 10_000, now = Date.now } = options;
    if (!isPositiveInteger(maxFailures)) throw invalidOption("maxFailures", "must be a positive whole number");
    if (typeof window !== "number" || !(window > 0) || !Number.isFinite(window)) {
      throw invalidOption("window", "must be a positive number of seconds");
    }
    if (!isPositiveInteger(maxKeys)) throw invalidOption("maxKeys", "must be a positive whole number");
    if (typeof now !== "function") throw invalidOption("now", "expected a function returning milliseconds since the epoch");
    this.#maxFailures = maxFailures;
    this.#windowMs = window * 1000;
    this.#maxKeys = maxKeys;
    this.#now = now;
  }

  check(key: string): number {
    const entry = this.#windows.get(key);
    if (entry === undefined || entry.failures < this.#maxFailures) return 0;
    const remaining = entry.start + this.#windowMs - this.#now();
    if (remaining > 0) return Math.ceil(remaining / 1000);
    this.#windows.delete(key);
    return 0;
  }

  recordFailure(key: string): void {
    const now = this.#now();
    const entry = this.#windows.get(key);
    this.#windows.delete(key); // re-inserted last: the most recently failed
    if (entry !== undefined && now < entry.start + this.#windowMs) {
      entry.failures++;
      this.#windows.set(key, entry);
      return;
    }
    this.#windows.set(key, { start: now, failures: 1 });
    if (this.#windows.size > this.#maxKeys) {
      // The oldest entry is the first key in insertion order.
      this.#windows.delete(this.#windows.keys().next().value as string);
    }
  }

  recordSuccess(key: string): void {
    this.#windows.delete(key);
  }

  /** How many keys are remembered now (at most `maxKeys`). */
  get size(): number {
    return this.#windows.size;
  }
}
