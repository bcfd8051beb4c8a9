import { invalidOption, isPositiveInteger } from "../lib/checks.js";
import { TemporarilyUnavailableError } from "../protocol/faults.js";
import { BoundedCounterStore } from "./bounded-counter-store.js";
import type { Consistency } from "./consistency.js";
import type { CounterState, CounterStore } from "./counters.js";
import { pingStore } from "./probe.js";

/** Options of {@link CachedCounterStore}. */
export interface CachedCounterStoreOptions {
  /**
   * Seconds a state read from the shared store answers `peek` here without asking again; a hit
   * or a reset made here updates it at once. 0 turns the cache off. Fractions allowed.
   * @defaultValue 1
   */
  readonly maxAge?: number | undefined;
  /** States held at most; past it, the oldest read goes. @defaultValue 10000 */
  readonly maxEntries?: number | undefined;
  /** Where hits go while the shared store is out of reach. @defaultValue a new {@link BoundedCounterStore} */
  readonly fallback?: CounterStore | undefined;
  /**
   * Seconds the shared store is left alone after it was found out of reach (at least its
   * error's `retryAfter`), so that a database down is not asked on every request.
   * @defaultValue 1
   */
  readonly pause?: number | undefined;
  /** The clock, in milliseconds since the epoch; for tests. @defaultValue `Date.now` */
  readonly now?: (() => number) | undefined;
}

interface Cached {
  readonly state: CounterState | undefined;
  /** When it was read or written, in milliseconds. */
  readonly at: number;
}

/**
 * Counters in a shared store (`@tessera/postgres`, a Durable Object), as the lockout of each of
 * several instances reads them (`lockout.counters`):
 * - **Read through a short cache**: the lockout reads a client's counter on every token request,
 *   so a state read from the shared store answers here for `maxAge` (1 s), and issuing a token
 *   to a client with no failures costs no round trip most of the time. A hit made here returns
 *   the shared count and updates the cache, so this instance refuses as soon as its own failure
 *   reaches `maxFailures`; a lockout reached through failures at other instances is enforced
 *   here within `maxAge`.
 * - **Counted here during an outage**: while the shared store is out of reach
 *   (`TemporarilyUnavailableError`), hits and reads go to `fallback`, so the lockout still holds,
 *   per instance, and tokens are still issued, rather than every request being answered 503.
 *   Hits counted here still count (a key's state is the larger of the two) until their window
 *   ends. A reset that cannot reach the shared store is dropped there, which only keeps a count
 *   longer. Any other error of the shared store is passed on.
 */
export class CachedCounterStore implements CounterStore {
  /** The shared store's, while it answers; best-effort during an outage. */
  readonly counterConsistency: Consistency;
  readonly #shared: CounterStore;
  readonly #fallback: CounterStore;
  readonly #maxAge: number;
  readonly #maxEntries: number;
  readonly #pause: number;
  readonly #now: () => number;
  readonly #cache = new Map<string, Cached>();
  /** Until when the shared store is left alone, in milliseconds. */
  #pausedUntil = -Infinity;

  constructor(shared: CounterStore, options: CachedCounterStoreOptions = {}) {
    if (!isCounterStore(shared)) throw invalidOption("shared", "expected a CounterStore with hit(), peek() and reset()");
    const { now = Date.now, maxAge = 1, maxEntries = 10_000, pause = 1, fallback = new BoundedCounterStore({ now }) } = options;
    if (!isCounterStore(fallback)) throw invalidOption("fallback", "expected a CounterStore with hit(), peek() and reset()");
    if (!isSeconds(maxAge)) throw invalidOption("maxAge", "must be a number of seconds, zero or more");
    if (!isPositiveInteger(maxEntries)) throw invalidOption("maxEntries", "must be a positive whole number");
    if (!isSeconds(pause)) throw invalidOption("pause", "must be a number of seconds, zero or more");
    if (typeof now !== "function") throw invalidOption("now", "expected a function returning milliseconds since the epoch");
    this.counterConsistency = shared.counterConsistency;
    this.#shared = shared;
    this.#fallback = fallback;
    this.#maxAge = maxAge * 1000;
    this.#maxEntries = maxEntries;
    this.#pause = pause;
    this.#now = now;
  }

  /** Pings the shared store, for the readiness probe. */
  ping(): Promise<void> {
    return pingStore(this.#shared);
  }

  async hit(key: string, windowSeconds: number): Promise<CounterState> {
    const shared = await this.#try(() => this.#shared.hit(key, windowSeconds));
    if (shared === null) return this.#fallback.hit(key, windowSeconds);
    this.#remember(key, shared);
    return shared;
  }

  async peek(key: string): Promise<CounterState | undefined> {
    const cached = this.#cache.get(key);
    const local = await this.#fallback.peek(key);
    let shared: CounterState | undefined | null;
    if (cached !== undefined && this.#now() - cached.at < this.#maxAge) {
      shared = cached.state !== undefined && cached.state.resetAt * 1000 > this.#now() ? cached.state : undefined;
    } else {
      shared = await this.#try(() => this.#shared.peek(key));
      if (shared !== null) this.#remember(key, shared);
    }
    if (shared === undefined || shared === null) return local;
    return local === undefined || local.count <= shared.count ? shared : local;
  }

  async reset(key: string): Promise<void> {
    this.#remember(key, undefined);
    await Promise.all([this.#try(() => this.#shared.reset(key)), this.#fallback.reset(key)]);
  }

  #remember(key: string, state: CounterState | undefined): void {
    if (this.#maxAge === 0) return;
    this.#cache.delete(key);
    this.#cache.set(key, { state, at: this.#now() });
    if (this.#cache.size > this.#maxEntries) {
      const oldest = this.#cache.keys().next();
      if (oldest.done !== true) this.#cache.delete(oldest.value);
    }
  }

  /**
   * Runs `work` on the shared store: `null` when it is out of reach (now, or paused since it
   * was), after which it is left alone for `pause` seconds; any other failure is thrown.
   */
  async #try<T>(work: () => Promise<T>): Promise<T | null> {
    if (this.#now() < this.#pausedUntil) return null;
    try {
      return await work();
    } catch (error) {
      if (!(error instanceof TemporarilyUnavailableError)) throw error;
      this.#pausedUntil = this.#now() + Math.max(this.#pause, error.retryAfter ?? 0) * 1000;
      return null;
    }
  }
}

function isCounterStore(value: unknown): value is CounterStore {
  const store = value as Partial<CounterStore> | null | undefined;
  return typeof store?.hit === "function" && typeof store.peek === "function" && typeof store.reset === "function";
}

function isSeconds(value: unknown): value is number {
  return typeof value === "number" && Number.isFinite(value) && value >= 0;
}
