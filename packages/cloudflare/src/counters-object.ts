import type { DurableObjectStateLike } from "./bindings.js";

/** What one {@link CountersObject} holds: a counter window or a reservation, and when it ends. */
interface Held {
  readonly count: number;
  /** Seconds since the epoch. */
  readonly endsAt: number;
}

/** The requests {@link DurableObjectCounterStore} sends, by path. */
export type CountersRequest =
  | { readonly op: "hit"; readonly windowSeconds: number }
  | { readonly op: "peek" }
  | { readonly op: "reset" }
  | { readonly op: "reserve"; readonly until: number };

const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });

function isRequest(value: unknown): value is CountersRequest {
  if (typeof value !== "object" || value === null) return false;
  const { op, windowSeconds, until } = value as Record<string, unknown>;
  const finite = (n: unknown) => typeof n === "number" && Number.isFinite(n);
  return (op === "hit" && finite(windowSeconds) && (windowSeconds as number) > 0) || op === "peek" || op === "reset" || (op === "reserve" && finite(until));
}

/**
 * The Durable Object behind {@link DurableObjectCounterStore}: one object per counter key and
 * per reservation key, so each key's hits and reservations are serialised by the runtime (one
 * request at a time, storage writes confirmed before the answer leaves) and no two keys contend.
 * Its state is one value, kept in memory and in storage; an alarm at its end deletes it, so
 * nothing outlives its window. Export it from your Worker under the class name your
 * `durable_objects` binding names:
 *
 * @example
 * ```ts
 * export { CountersObject } from "@tessera/cloudflare";
 * ```
 */
export class CountersObject {
  readonly #state: DurableObjectStateLike;
  #held: Held | undefined;

  constructor(state: DurableObjectStateLike, _env?: unknown) {
    this.#state = state;
    void state.blockConcurrencyWhile(async () => {
      this.#held = await state.storage.get<Held>("held");
    });
  }

  /** Answers one {@link CountersRequest}, as JSON. */
  async fetch(request: Request): Promise<Response> {
    const body: unknown = await request.json().catch(() => undefined);
    if (!isRequest(body)) return json({ error: "invalid request" }, 400);
    const now = Date.now() / 1000;
    const live = this.#held !== undefined && this.#held.endsAt > now ? this.#held : undefined;
    switch (body.op) {
      case "peek":
        return json(live === undefined ? null : { count: live.count, resetAt: live.endsAt });
      case "reset":
        await this.#clear();
        return json(null);
      case "hit": {
        const held = live === undefined ? { count: 1, endsAt: now + body.windowSeconds } : { count: live.count + 1, endsAt: live.endsAt };
        await this.#hold(held);
        return json({ count: held.count, resetAt: held.endsAt });
      }
      case "reserve":
        if (live !== undefined) return json({ won: false });
        await this.#hold({ count: 1, endsAt: body.until });
        return json({ won: true });
    }
  }

  /** Deletes the state once it has ended. */
  async alarm(): Promise<void> {
    if (this.#held === undefined || this.#held.endsAt <= Date.now() / 1000) await this.#clear();
    else await this.#state.storage.setAlarm(this.#held.endsAt * 1000);
  }

  async #hold(held: Held): Promise<void> {
    const previous = this.#held;
    this.#held = held;
    await this.#state.storage.put("held", held);
    if (previous === undefined || previous.endsAt !== held.endsAt) await this.#state.storage.setAlarm(held.endsAt * 1000);
  }

  async #clear(): Promise<void> {
    this.#held = undefined;
    await this.#state.storage.deleteAll();
  }
}
