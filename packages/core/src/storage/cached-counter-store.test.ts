import { describe, expect, it, vi } from "vitest";
import { TemporarilyUnavailableError } from "../protocol/faults.js";
import { CachedCounterStore } from "./cached-counter-store.js";
import { MemoryStore } from "./memory-store.js";

function counters(options: { maxAge?: number } = {}) {
  let ms = 1_000_000;
  const now = () => ms;
  const shared = new MemoryStore({ now });
  const store = new CachedCounterStore(shared, { now, maxAge: 0, ...options });
  return { shared, store, advance: (seconds: number) => void (ms += seconds * 1000) };
}

const outage = () => new TemporarilyUnavailableError("database down", { retryAfter: 1 });

describe("CachedCounterStore", () => {
  it("counts in the shared store while it answers", async () => {
    const { shared, store } = counters();
    await store.hit("k", 60);
    await store.hit("k", 60);
    expect(await shared.peek("k")).toMatchObject({ count: 2 });
    expect(await store.peek("k")).toMatchObject({ count: 2 });
    await store.reset("k");
    expect(await shared.peek("k")).toBeUndefined();
  });

  it("answers peek from what it read or wrote within maxAge, then asks again", async () => {
    const { shared, store, advance } = counters({ maxAge: 1 });
    const peek = vi.spyOn(shared, "peek");
    expect(await store.peek("k")).toBeUndefined();
    expect(await store.peek("k")).toBeUndefined();
    expect(peek).toHaveBeenCalledOnce();
    await shared.hit("k", 60); // another instance's failure
    expect(await store.peek("k")).toBeUndefined();
    advance(1);
    expect(await store.peek("k")).toMatchObject({ count: 1 });
    // A hit here returns the shared count and is seen at once.
    expect(await store.hit("k", 60)).toMatchObject({ count: 2 });
    expect(await store.peek("k")).toMatchObject({ count: 2 });
    expect(peek).toHaveBeenCalledTimes(2);
    await store.reset("k");
    expect(await store.peek("k")).toBeUndefined();
    expect(peek).toHaveBeenCalledTimes(2);
  });

  it("forgets a cached window once it has ended", async () => {
    const { store, advance } = counters({ maxAge: 10 });
    await store.hit("k", 1);
    advance(1);
    expect(await store.peek("k")).toBeUndefined();
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
    expect(() => new CachedCounterStore({} as MemoryStore)).toThrow(/^shared: /);
    expect(() => new CachedCounterStore(shared, { fallback: {} as MemoryStore })).toThrow(/^fallback: /);
    expect(() => new CachedCounterStore(shared, { pause: -1 })).toThrow(/^pause: /);
    expect(() => new CachedCounterStore(shared, { maxAge: Number.NaN })).toThrow(/^maxAge: /);
    expect(() => new CachedCounterStore(shared, { maxEntries: 0 })).toThrow(/^maxEntries: /);
  });
});
