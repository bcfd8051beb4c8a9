import { describe, expect, it, vi } from "vitest";
import type { ChangeBatch, ChangeFeed, StoreChange } from "./changes.js";
import { ChangeFollower } from "./change-follower.js";
import { MemoryStore } from "./memory-store.js";

/** Resolves once `condition()` holds, checking every 10 ms for up to 5 s. */
async function eventually(condition: () => boolean): Promise<void> {
  for (let waited = 0; !condition(); waited += 10) {
    if (waited > 5000) throw new Error("the condition never held");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** A feed whose reads fail while `down` is set, counting them. */
function flakyFeed(store: MemoryStore) {
  const state = { down: false, reads: 0 };
  const feed: ChangeFeed = {
    async readChanges(cursor: string | undefined): Promise<ChangeBatch> {
      state.reads++;
      if (state.down) throw new Error("store out of reach");
      return store.readChanges(cursor);
    },
  };
  return { feed, state };
}

describe("ChangeFollower", () => {
  it("starts with the store's state as a reset, then hands on each change as the store pushes it", async () => {
    const store = new MemoryStore();
    await store.revokeToken("before", Date.now() / 1000 + 600);
    // A poll interval so long that only the store's push can explain a prompt delivery.
    const follower = new ChangeFollower(store, { pollInterval: 60 });
    const batches: [readonly StoreChange[], boolean][] = [];
    follower.subscribe((changes, reset) => void batches.push([changes, reset]));
    expect(follower.staleness()).toBe(Infinity);
    await follower.ready();
    expect(follower.staleness()).toBeLessThan(1);
    expect(batches[0]).toEqual([[{ kind: "token-revoked", jti: "before", keepUntil: expect.any(Number) }], true]);

    await store.putClient({ clientId: "svc", grantTypes: ["client_credentials"], scopes: [] });
    await eventually(() => batches.some(([changes]) => changes.some((change) => change.kind === "client-changed")));
    expect(batches.at(-1)).toEqual([[{ kind: "client-changed", clientId: "svc" }], false]);
    await follower.close();
  });

  it("polls a feed that cannot push, and reads the state afresh for a late subscriber", async () => {
    const store = new MemoryStore();
    const feed: ChangeFeed = { readChanges: (cursor) => store.readChanges(cursor) };
    const follower = new ChangeFollower(feed, { pollInterval: 0.02 });
    const first: boolean[] = [];
    follower.subscribe((_changes, reset) => void first.push(reset));
    await follower.ready();
    await store.revokeToken("polled", Date.now() / 1000 + 600);
    const late: [readonly StoreChange[], boolean][] = [];
    follower.subscribe((changes, reset) => void late.push([changes, reset]));
    await follower.ready();
    expect(late[0]).toEqual([[{ kind: "token-revoked", jti: "polled", keepUntil: expect.any(Number) }], true]);
    expect(first.filter((reset) => reset)).toHaveLength(2);
    await follower.close();
  });

  it("grows stale while reads fail, tells onError, and catches up by itself", async () => {
    let ms = 1_000_000;
    const store = new MemoryStore();
    const { feed, state } = flakyFeed(store);
    const onError = vi.fn();
    const follower = new ChangeFollower(feed, { pollInterval: 0.01, onError, now: () => ms });
    const seen: string[] = [];
    follower.subscribe((changes) => changes.forEach((change) => change.kind === "token-revoked" && seen.push(change.jti)));
    await follower.ready();
    state.down = true;
    await store.revokeToken("during", Date.now() / 1000 + 600);
    const readsBefore = state.reads;
    await eventually(() => state.reads > readsBefore + 2);
    ms += 2000;
    expect(follower.staleness()).toBeGreaterThanOrEqual(2);
    expect(onError).toHaveBeenCalledWith(new Error("store out of reach"), undefined);
    state.down = false;
    await follower.ready();
    expect(follower.staleness()).toBe(0);
    expect(seen).toEqual(["during"]);
    await follower.close();
  });

  it("hands on a store's reset as a reset", async () => {
    let reset = false;
    const feed: ChangeFeed = {
      readChanges: async (cursor) => (cursor !== undefined && reset ? { changes: [], cursor: "c", reset: true } : { changes: [], cursor: "c" }),
    };
    const follower = new ChangeFollower(feed, { pollInterval: 0.01 });
    const resets: boolean[] = [];
    follower.subscribe((_changes, isReset) => void resets.push(isReset));
    await follower.ready();
    reset = true;
    const count = resets.length;
    await eventually(() => resets.length > count);
    expect(resets.slice(count).every((isReset) => isReset)).toBe(true);
    await follower.close();
  });

  it("stops its push channel on close, delivers nothing after, and lets ready() resolve", async () => {
    const stop = vi.fn(async () => {});
    let push = () => {};
    const feed: ChangeFeed = {
      readChanges: async () => ({ changes: [{ kind: "client-changed", clientId: "x" }], cursor: "c" }),
      watch: async (listener) => {
        push = listener;
        return stop;
      },
    };
    const follower = new ChangeFollower(feed, { pollInterval: 60 });
    const listener = vi.fn();
    follower.subscribe(listener);
    await eventually(() => listener.mock.calls.length > 0);
    await follower.close();
    expect(stop).toHaveBeenCalledOnce();
    const calls = listener.mock.calls.length;
    push();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(listener.mock.calls.length).toBe(calls);
    await expect(follower.ready()).resolves.toBeUndefined();
    expect(() => follower.subscribe(() => {})).toThrow(/^listener: /);
  });

  it("watches again after the push channel fails", async () => {
    let watches = 0;
    let fail: (error: unknown) => void = () => {};
    const store = new MemoryStore();
    const feed: ChangeFeed = {
      readChanges: (cursor) => store.readChanges(cursor),
      watch: async (_listener, onError) => {
        watches++;
        fail = onError;
        return async () => {};
      },
    };
    const onError = vi.fn();
    const follower = new ChangeFollower(feed, { rewatchDelay: 0.01, onError });
    follower.subscribe(() => {});
    await eventually(() => watches === 1);
    fail(new Error("connection lost"));
    await eventually(() => watches === 2);
    expect(onError).toHaveBeenCalledWith(new Error("connection lost"), undefined);
    await follower.close();
  });

  it("checks its options", () => {
    const store = new MemoryStore();
    expect(() => new ChangeFollower({} as ChangeFeed)).toThrow(/^feed: /);
    expect(() => new ChangeFollower(store, { pollInterval: 0 })).toThrow(/^pollInterval: /);
    expect(() => new ChangeFollower(store, { rewatchDelay: -1 })).toThrow(/^rewatchDelay: /);
    expect(() => new ChangeFollower(store, { onError: "log" as never })).toThrow(/^onError: /);
  });
});
