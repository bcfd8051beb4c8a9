import { describe, expect, it } from "vitest";
import { BoundedCounterStore } from "./bounded-counter-store.js";

function clock(start = 1_000_000_000) {
  let now = start;
  return { now: () => now, advance: (seconds: number) => void (now += seconds * 1000) };
}

describe("BoundedCounterStore", () => {
  it("counts hits within a fixed window from the first, and starts anew after it", async () => {
    const time = clock();
    const store = new BoundedCounterStore({ now: time.now });
    expect(await store.hit("g/a", 60)).toEqual({ count: 1, resetAt: 1_000_060 });
    time.advance(59);
    expect(await store.hit("g/a", 60)).toEqual({ count: 2, resetAt: 1_000_060 });
    expect(await store.peek("g/a")).toEqual({ count: 2, resetAt: 1_000_060 });
    expect(await store.peek("g/b")).toBeUndefined();
    time.advance(1);
    expect(await store.peek("g/a")).toBeUndefined();
    expect(await store.hit("g/a", 60)).toEqual({ count: 1, resetAt: 1_000_120 });
    await store.reset("g/a");
    expect(await store.peek("g/a")).toBeUndefined();
  });

  it("never drops a running counter to make room: a flood of new keys cannot free a locked one", async () => {
    const time = clock();
    const store = new BoundedCounterStore({ maxKeys: 100, now: time.now });
    for (let i = 0; i < 10; i++) await store.hit("-/locked", 300);
    for (let i = 0; i < 10_000; i++) await store.hit(`-/flood-${i}`, 300);
    expect(store.size).toBe(100);
    expect(await store.peek("-/locked")).toMatchObject({ count: 10 });
  });

  it("counts the new keys of a full table on their group's overflow counter, which peek then reports", async () => {
    const time = clock();
    const store = new BoundedCounterStore({ maxKeys: 3, now: time.now });
    for (const key of ["a/1", "a/2", "a/3"]) await store.hit(key, 300);
    expect(await store.hit("attacker/x", 300)).toMatchObject({ count: 1 });
    expect(await store.hit("attacker/y", 300)).toMatchObject({ count: 2 });
    // Any absent key of the flooding group reads as its overflow counter; another group's does not.
    expect(await store.peek("attacker/z")).toMatchObject({ count: 2 });
    expect(await store.peek("other/z")).toBeUndefined();
    expect(await store.peek("a/1")).toMatchObject({ count: 1 });
    // Once the windows end, the table takes new keys again, and the overflow is forgotten.
    time.advance(300);
    expect(await store.hit("attacker/x", 300)).toMatchObject({ count: 1 });
    expect(await store.peek("attacker/z")).toBeUndefined();
  });

  it("stays bounded in overflow counters too: past maxGroups, the groups without one share one", async () => {
    const time = clock();
    const store = new BoundedCounterStore({ maxKeys: 1, maxGroups: 2, now: time.now });
    await store.hit("a/1", 300);
    await store.hit("b/1", 300);
    await store.hit("c/1", 300);
    await store.hit("d/1", 300);
    await store.hit("e/1", 300);
    expect(await store.peek("b/2")).toMatchObject({ count: 1 });
    expect(await store.peek("d/2")).toMatchObject({ count: 2 });
    expect(await store.peek("f/2")).toMatchObject({ count: 2 });
  });

  it("refuses options it cannot use, naming them", () => {
    expect(() => new BoundedCounterStore({ maxKeys: 0 })).toThrow(/^maxKeys: /);
    expect(() => new BoundedCounterStore({ maxGroups: 1.5 })).toThrow(/^maxGroups: /);
    expect(() => new BoundedCounterStore({ now: 5 as never })).toThrow(/^now: /);
  });
});
