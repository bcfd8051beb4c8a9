import { invalidOption, isPositiveInteger } from "../lib/checks.js";
import type { Consistency } from "./consistency.js";
import type { CounterState, CounterStore } from "./counters.js";

/** Options of {@link BoundedCounterStore}. */
export interface BoundedCounterStoreOptions {
  /** Counters held at most, besides one overflow counter per group. @defaultValue 10000 */
  readonly maxKeys?: number | undefined;
  /** Overflow counters held at most; past it, the groups without one share one. @defaultValue 1024 */
  readonly maxGroups?: number | undefined;
  /** The clock, in milliseconds since the epoch; for tests. @defaultValue `Date.now` */
  readonly now?: (() => number) | undefined;
}

interface Entry {
  count: number;
  /** When the window ends, in milliseconds. */
  readonly resetAtMs: number;
}

/** The overflow counter the groups share once every overflow place is taken. */
const sharedOverflow = "*";

/**
 * Fixed-window counters in this process's memory, bounded so that no flood of keys can grow
 * memory or push out the state an attacker has built up (the lockout's default counters):
 * - a counter is never dropped while its window runs, only once it has ended;
 * - at most `maxKeys` counters: when that many are running, a new key `group/name` is counted on
 *   its group's overflow counter instead, and {@link BoundedCounterStore.peek} of any absent key
 *   of that group reports the overflow counter. A flood of new keys from one group (the lockout's
 *   caller) thus locks out that group, never another, and never frees a locked key.
 *
 * Keys are expected to be short and of fixed size (the lockout hashes what it counts): memory is
 * about 350 bytes a counter on V8 (10,000 counters, about 3.5 MB). Every window is expected to have the same length, so counters end in
 * the order they start and are swept from the oldest, O(1) per operation amortised.
 */
export class BoundedCounterStore implements CounterStore {
  /** Strong within this one process; instances behind a load balancer each count on their own. */
  readonly counterConsistency: Consistency = "strong";
  readonly #maxKeys: number;
  readonly #maxGroups: number;
  readonly #now: () => number;
  /** Counters in the order their windows started, so the first to end comes first. */
  readonly #counters = new Map<string, Entry>();
  readonly #overflow = new Map<string, Entry>();

  constructor(options: BoundedCounterStoreOptions = {}) {
    const { maxKeys = 10_000, maxGroups = 1024, now = Date.now } = options;
    if (!isPositiveInteger(maxKeys)) throw invalidOption("maxKeys", "must be a positive whole number");
    if (!isPositiveInteger(maxGroups)) throw invalidOption("maxGroups", "must be a positive whole number");
    if (typeof now !== "function") throw invalidOption("now", "expected a function returning milliseconds since the epoch");
    this.#maxKeys = maxKeys;
    this.#maxGroups = maxGroups;
    this.#now = now;
  }

  async hit(key: string, windowSeconds: number): Promise<CounterState> {
    const now = this.#now();
    let entry = running(this.#counters, key, now);
    if (entry === undefined) {
      sweep(this.#counters, now);
      if (this.#counters.size >= this.#maxKeys) return this.#hitOverflow(groupOf(key), windowSeconds, now);
      entry = { count: 0, resetAtMs: now + windowSeconds * 1000 };
      this.#counters.set(key, entry);
    }
    entry.count++;
    return state(entry);
  }

  async peek(key: string): Promise<CounterState | undefined> {
    const now = this.#now();
    const entry = running(this.#counters, key, now) ?? (this.#isFull(now) ? this.#overflowOf(groupOf(key), now) : undefined);
    return entry === undefined ? undefined : state(entry);
  }

  async reset(key: string): Promise<void> {
    this.#counters.delete(key);
  }

  /** How many counters are held, overflow counters aside, ended ones not yet swept included. */
  get size(): number {
    return this.#counters.size;
  }

  #isFull(now: number): boolean {
    sweep(this.#counters, now);
    return this.#counters.size >= this.#maxKeys;
  }

  #hitOverflow(group: string, windowSeconds: number, now: number): CounterState {
    let entry = this.#overflowOf(group, now);
    if (entry === undefined) {
      entry = { count: 0, resetAtMs: now + windowSeconds * 1000 };
      this.#overflow.set(this.#overflow.size < this.#maxGroups ? group : sharedOverflow, entry);
    }
    entry.count++;
    return state(entry);
  }

  /** The running overflow counter of `group`: its own, or, once every place is taken, the shared one. */
  #overflowOf(group: string, now: number): Entry | undefined {
    sweep(this.#overflow, now);
    const own = running(this.#overflow, group, now);
    if (own !== undefined || this.#overflow.size < this.#maxGroups) return own;
    return running(this.#overflow, sharedOverflow, now);
  }
}

/** The counter of `key` if its window is running; an ended one is dropped. */
function running(map: Map<string, Entry>, key: string, now: number): Entry | undefined {
  const entry = map.get(key);
  if (entry === undefined || entry.resetAtMs > now) return entry;
  map.delete(key);
  return undefined;
}

/** Drops ended counters from the oldest, stopping at the first still running. */
function sweep(map: Map<string, Entry>, now: number): void {
  for (const [key, entry] of map) {
    if (entry.resetAtMs > now) return;
    map.delete(key);
  }
}

/** The group of a key `group/name`: what comes before its first `/`, or the whole key. */
function groupOf(key: string): string {
  const slash = key.indexOf("/");
  return slash === -1 ? key : key.slice(0, slash);
}

function state(entry: Entry): CounterState {
  return { count: entry.count, resetAt: entry.resetAtMs / 1000 };
}
