import type { Consistency, CounterState, CounterStore, ReplayStore } from "@tessera/core";
import { checkCounterHit, checkCounterKey, checkReservation, invalidOption } from "@tessera/core/store";
import type { DurableObjectNamespaceLike, DurableObjectStubLike } from "./bindings.js";
import type { CountersRequest } from "./counters-object.js";
import { toStoreError } from "./errors.js";

/**
 * Counters and replay reservations in {@link CountersObject} Durable Objects, one object per
 * key (named `counter:<key>` or `replay:<key>`), reached through the namespace binding. Both are
 * `strong`: a Durable Object is one instance worldwide that handles one request at a time, so no
 * hit is lost or doubled and exactly one of any number of concurrent `reserve` calls wins.
 * Time is the objects' clock. An object out of reach rejects with `TemporarilyUnavailableError`.
 *
 * @see RFC 7523 §3 and RFC 9449 §11.1 (single-use `jti`s, which `reserve` guards)
 * @example
 * ```ts
 * const counters = new DurableObjectCounterStore(env.TESSERA_COUNTERS);
 * if (await counters.reserve(`assertion:${jti}`, exp)) accept();
 * ```
 */
export class DurableObjectCounterStore implements CounterStore, ReplayStore {
  readonly counterConsistency: Consistency = "strong";
  readonly replayConsistency: Consistency = "strong";
  readonly #namespace: DurableObjectNamespaceLike;

  constructor(namespace: DurableObjectNamespaceLike) {
    if (typeof namespace !== "object" || namespace === null || typeof namespace.idFromName !== "function") {
      throw invalidOption("namespace", "must be a Durable Object namespace binding");
    }
    this.#namespace = namespace;
  }

  async hit(key: string, windowSeconds: number): Promise<CounterState> {
    checkCounterHit(key, windowSeconds);
    return (await this.#send(`counter:${key}`, { op: "hit", windowSeconds })) as CounterState;
  }

  async peek(key: string): Promise<CounterState | undefined> {
    checkCounterKey(key);
    return ((await this.#send(`counter:${key}`, { op: "peek" })) as CounterState | null) ?? undefined;
  }

  async reset(key: string): Promise<void> {
    checkCounterKey(key);
    await this.#send(`counter:${key}`, { op: "reset" });
  }

  async reserve(key: string, until: number): Promise<boolean> {
    checkReservation(key, until);
    return ((await this.#send(`replay:${key}`, { op: "reserve", until })) as { won: boolean }).won;
  }

  async #send(name: string, body: CountersRequest): Promise<unknown> {
    let response: Awaited<ReturnType<DurableObjectStubLike["fetch"]>>;
    try {
      const stub = this.#namespace.get(this.#namespace.idFromName(name));
      response = await stub.fetch("https://counters.tessera.invalid/", {
        method: "POST",
        body: JSON.stringify(body),
        headers: { "content-type": "application/json" },
      });
    } catch (error) {
      throw toStoreError(error, "the Durable Object");
    }
    if (!response.ok) throw new Error(`the counters Durable Object answered ${response.status}`);
    return response.json();
  }
}
