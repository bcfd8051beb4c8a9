import type { ReplayStore } from "../storage/replay.js";
import { invalidOption } from "../lib/checks.js";

/**
 * Single-use reservations in this process's memory: the default {@link ReplayStore} of the
 * authorization server (client assertion and DPoP proof `jti`s) and of the resource server (DPoP
 * proof `jti`s). `strong` within one process: check and insert are one synchronous step, so two
 * concurrent requests with one `jti` cannot both win. Instances behind a load balancer each keep
 * their own: give them a shared store (`MemoryStore` does not cross processes; `@tessera/postgres`,
 * `@tessera/cloudflare` do). Expired reservations are swept as new ones are made, so the map holds
 * about what the last proof lifetime brought.
 */
export class ReplayReservations implements ReplayStore {
  readonly replayConsistency = "strong" as const;
  readonly #held = new Map<string, number>();
  readonly #now: () => number;
  #writesUntilSweep = 64;

  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  async reserve(key: string, until: number): Promise<boolean> {
    if (typeof key !== "string" || key.length === 0 || key.length > 256) throw invalidOption("key", "must be a string of 1 to 256 characters");
    const now = this.#now() / 1000;
    const held = this.#held.get(key);
    if (held !== undefined && held > now) return false;
    this.#held.set(key, until);
    if (--this.#writesUntilSweep <= 0) {
      for (const [entry, expiry] of this.#held) if (expiry <= now) this.#held.delete(entry);
      this.#writesUntilSweep = Math.max(64, this.#held.size);
    }
    return true;
  }
}

/**
 * Checks a `replay` option: a {@link ReplayStore} whose reservations are `strong`. A best-effort
 * store could let one client assertion or DPoP proof through twice, so it is refused here, at
 * start-up, rather than trusted.
 */
export function resolveReplayStore(store: ReplayStore | undefined, now: () => number, name = "replay"): ReplayStore {
  if (store === undefined) return new ReplayReservations(now);
  if (typeof store?.reserve !== "function") throw invalidOption(name, "expected a ReplayStore with reserve()");
  if (store.replayConsistency !== "strong") {
    throw invalidOption(
      name,
      'the store\'s replayConsistency is not "strong": a best-effort store could accept one client assertion or DPoP proof twice; give a store with atomic reservations (MemoryStore in one process, @tessera/postgres or @tessera/cloudflare across instances)',
    );
  }
  return store;
}
