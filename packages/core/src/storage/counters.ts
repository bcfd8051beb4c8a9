import type { Consistency } from "./consistency.js";
import type { StoreProbe } from "./probe.js";

/** A counter's state: the hits in its current window, and when the window ends. */
export interface CounterState {
  readonly count: number;
  /** When the window ends, in seconds since the epoch. */
  readonly resetAt: number;
}

/**
 * Fixed-window counters, for the lockout of failed client authentication and for rate limits.
 * A window starts at a key's first hit and lasts `windowSeconds`; a hit after it ends starts a
 * new one. Keys are short (the server hashes what it counts), at most 128 characters.
 */
export interface CounterStore extends StoreProbe {
  /** What counter hits promise across instances: `strong` means no hit is lost to a race. */
  readonly counterConsistency: Consistency;
  /** Adds one hit to `key` and resolves with the state after it, atomically. */
  hit(key: string, windowSeconds: number): Promise<CounterState>;
  /** The state of `key`, or `undefined` when it has no window running. */
  peek(key: string): Promise<CounterState | undefined>;
  /** Ends `key`'s window, forgetting its hits. */
  reset(key: string): Promise<void>;
}
