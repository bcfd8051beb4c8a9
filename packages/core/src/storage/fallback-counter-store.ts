import { invalidOption } from "../lib/checks.js";
import { TemporarilyUnavailableError } from "../protocol/faults.js";
import { BoundedCounterStore } from "./bounded-counter-store.js";
import type { Consistency } from "./consistency.js";
import type { CounterState, CounterStore } from "./counters.js";

/** Options of {@link FallbackCounterStore}. */
export interface FallbackCounterStoreOptions {
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

/**
 * Counters in a shared store (`@tessera/postgres`, a Durable Object) that go on counting in this
 * process while that store is out of reach, for the lockout (`lockout.counters`): without it, an
 * outage of the store would refuse every token request with 503, since the lockout must read its
 * counters first.
 *
 * While the shared store answers, it is the count; hits counted here during an outage still
 * count until their window ends (a key's state is the larger of the two). While it does not
 * (`TemporarilyUnavailableError`), hits and reads go to `fallback`, so the lockout still holds,
 * per instance: during an outage a key may fail up to `maxFailures` times on each instance. A
 * reset that cannot reach the shared store is dropped there, which only keeps a count longer.
 * Any other error of the shared store is passed on.
 */
export class FallbackCounterStore implements CounterStore {
  /** The shared store's, while it answers; best-effort during an outage. */
  readonly counterConsistency: Consistency;
  readonly #shared: CounterStore;
  readonly #fallback: CounterStore;
  readonly #pause: number;
  readonly #now: () => number;
  /** Until when the shared store is left alone, in milliseconds. */
  #pausedUntil = -Infinity;

  constructor(shared: CounterStore, options: FallbackCounterStoreOptions = {}) {
    if (typeof shared?.hit !== "function" || typeof shared.peek !== "function" || typeof shared.reset !== "function") {
      throw invalidOption("shared", "expected a CounterStore with hit(), peek() and reset()");
    }
    const { now = Date.now, pause = 1, fallback = new BoundedCounterStore({ now }) } = options;
    if (typeof fallback?.hit !== "function" || typeof fallback.peek !== "function" || typeof fallback.reset !== "function") {
      throw invalidOption("fallback", "expected a CounterStore with hit(), peek() and reset()");
    }
    if (typeof pause !== "number" || !Number.isFinite(pause) || pause < 0) throw invalidOption("pause", "must be a number of seconds, zero or more");
    if (typeof now !== "function") throw invalidOption("now", "expected a function returning milliseconds since the epoch");
    this.counterConsistency = shared.counterConsistency;
    this.#shared = shared;
    this.#fallback = fallback;
    this.#pause = pause;
    this.#now = now;
  }

  async hit(key: string, windowSeconds: number): Promise<CounterState> {
    const shared = await this.#try(() => this.#shared.hit(key, windowSeconds));
    return shared ?? this.#fallback.hit(key, windowSeconds);
  }

  async peek(key: string): Promise<CounterState | undefined> {
    const [shared, local] = await Promise.all([this.#try(() => this.#shared.peek(key)), this.#fallback.peek(key)]);
    if (shared === undefined || shared === null) return local;
    return local === undefined || local.count <= shared.count ? shared : local;
  }

  async reset(key: string): Promise<void> {
    await Promise.all([this.#try(() => this.#shared.reset(key)), this.#fallback.reset(key)]);
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
