import type { Consistency } from "./consistency.js";
import type { StoreProbe } from "./probe.js";

/**
 * Single-use reservations, against replay: a client assertion's `jti` (RFC 7523 §3, item 7) and
 * a DPoP proof's `jti` (RFC 9449 §11.1) may each be accepted once.
 */
export interface ReplayStore extends StoreProbe {
  /**
   * `strong` is required for replay protection: a best-effort store could accept one assertion
   * twice when two instances see it at once.
   */
  readonly replayConsistency: Consistency;
  /**
   * Reserves `key` until `until` (seconds since the epoch), first writer wins: resolves `true`
   * for exactly one of any number of concurrent calls with the same key, and `false` for every
   * call while that reservation lasts. Keys are at most 256 characters.
   */
  reserve(key: string, until: number): Promise<boolean>;
}
