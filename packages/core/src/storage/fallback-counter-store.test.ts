import { describe, expect, it, vi } from "vitest";
import { TemporarilyUnavailableError } from "../protocol/faults.js";
import { FallbackCounterStore } from "./fallback-counter-store.js";
import { MemoryStore } from "./memory-store.js";

function counters() {
  let ms = 1_000_000;
  const now = () => ms;
  const shared = new MemoryStore({ now });
  const store = new FallbackCounterStore(shared, { now });
  return { shared, store, advance: (seconds: number) => void (ms += seconds * 1000) };
}

const outage = () => new TemporarilyUnavailableError("database down", { retryAfter: 1 });

describe("FallbackCounterStore", () => {
  it("counts in the shared store while it answers", async () => {
    const { shared, store } = counters();
    await store.hit("k", 60);
    await store.hit("k", 60);
    expect(await shared.peek("k")).toMatchObject({ count: 2 });
    expect(await store.peek("k")).toMatchObject({ count: 2 });
    await store.reset("k");
    expect(await shared.peek("k")).toBeUndefined();
  });

  it("counts in this process while the shared store is out of reach, leaving it alone for a second", async () => {
    const { shared, store, advance } = counters();
    await store.hit("k", 60);
    const hit = vi.spyOn(shared, "hit").mockRejectedValue(outage());
    const peek = vi.spyOn(shared, "peek").mockRejectedValue(outage());
    vi.spyOn(shared, "reset").mockRejectedValue(outage());
    expect(await store.hit("k", 60)).toMatchObject({ count: 1 });
    expect(await store.hit("k", 60)).toMatchObject({ count: 2 });
    expect(await store.peek("k")).toMatchObject({ count: 2 });
    await store.reset("other");
    expect(hit).toHaveBeenCalledOnce(); // paused after the first failure
    expect(peek).not.toHaveBeenCalled();
    advance(1);
    hit.mockRestore();
    peek.mockRestore();
    // Back: the larger count of the two stands while the local window runs.
    expect(await store.peek("k")).toMatchObject({ count: 2 });
    await store.hit("k", 60);
    await store.hit("k", 60);
    expect(await store.peek("k")).toMatchObject({ count: 3 });
  });

  it("passes on any other failure of the shared store", async () => {
    const { shared, store } = counters();
    vi.spyOn(shared, "hit").mockRejectedValue(new Error("syntax error"));
    await expect(store.hit("k", 60)).rejects.toThrow("syntax error");
  });

  it("checks its options", () => {
    const shared = new MemoryStore();
    expect(() => new FallbackCounterStore({} as MemoryStore)).toThrow(/^shared: /);
    expect(() => new FallbackCounterStore(shared, { fallback: {} as MemoryStore })).toThrow(/^fallback: /);
    expect(() => new FallbackCounterStore(shared, { pause: -1 })).toThrow(/^pause: /);
  });
});
