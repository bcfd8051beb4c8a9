import { describe, expect, it, vi } from "vitest";
import { TemporarilyUnavailableError } from "../protocol/faults.js";
import type { ChangeFeed } from "./changes.js";
import { ChangeFollower } from "./change-follower.js";
import { MemoryStore } from "./memory-store.js";
import { RevocationSet } from "./revocation-set.js";

const token = (jti: string, clientId = "svc", issuedAt = 1_000) => ({ jti, clientId, issuedAt });

/** A set on a MemoryStore, its follower reading a feed that can be taken down, on a clock of its own. */
async function followedSet(options: { whenStale?: "check-store" | "fail-closed" } = {}) {
  let ms = 1_000_000;
  const now = () => ms;
  const store = new MemoryStore({ now });
  const state = { down: false };
  const feed: ChangeFeed = {
    readChanges: async (cursor) => {
      if (state.down) throw new TemporarilyUnavailableError("store out of reach");
      return store.readChanges(cursor);
    },
  };
  const follower = new ChangeFollower(feed, { pollInterval: 0.01, now, onError: () => {} });
  const set = new RevocationSet(store, follower, { now, ...options });
  await follower.ready();
  return { store, follower, set, state, seconds: () => ms / 1000, advance: (seconds: number) => void (ms += seconds * 1000) };
}

describe("RevocationSet", () => {
  it("answers from its copy: a token's own mark, and its client's line by iat", async () => {
    const { store, follower, set, seconds } = await followedSet();
    const isRevoked = vi.spyOn(store, "isRevoked");
    await store.revokeToken("t1", seconds() + 600);
    await store.revokeClientTokens("svc", 2_000, seconds() + 600);
    await follower.ready();
    expect(await set.isRevoked(token("t1", "other"))).toBe(true);
    expect(await set.isRevoked(token("t2", "svc", 1_999))).toBe(true);
    expect(await set.isRevoked(token("t2", "svc", 2_000))).toBe(false);
    expect(await set.isRevoked(token("t2", "other", 1_000))).toBe(false);
    expect(isRevoked).not.toHaveBeenCalled();
    await follower.close();
  });

  it("forgets marks once their keepUntil has passed", async () => {
    const { store, follower, set, seconds, advance } = await followedSet();
    await store.revokeToken("t1", seconds() + 60);
    await follower.ready();
    advance(59);
    await follower.ready();
    expect(await set.isRevoked(token("t1"))).toBe(true);
    advance(1);
    await follower.ready();
    expect(await set.isRevoked(token("t1"))).toBe(false);
    await follower.close();
  });

  it("writes through: a revocation made through it is seen here at once, and in the store", async () => {
    const { store, follower, set, seconds } = await followedSet();
    await set.revokeToken("t1", seconds() + 600);
    expect(await set.isRevoked(token("t1"))).toBe(true);
    expect(await store.isRevoked(token("t1"))).toBe(true);
    await set.revokeClientTokens("svc", 5_000, seconds() + 600);
    expect(await set.isRevoked(token("t9", "svc", 4_999))).toBe(true);
    await follower.close();
  });

  it("past maxStaleness, asks the store (check-store) and never answers from the old copy", async () => {
    const { store, follower, set, state, seconds, advance } = await followedSet();
    state.down = true;
    await store.revokeToken("late", seconds() + 600);
    advance(1.5);
    expect(await set.isRevoked(token("late"))).toBe(true);
    vi.spyOn(store, "isRevoked").mockRejectedValue(new TemporarilyUnavailableError("down too"));
    await expect(set.isRevoked(token("late"))).rejects.toBeInstanceOf(TemporarilyUnavailableError);
    state.down = false;
    await follower.ready();
    vi.mocked(store.isRevoked).mockClear();
    expect(await set.isRevoked(token("late"))).toBe(true);
    expect(store.isRevoked).not.toHaveBeenCalled();
    await follower.close();
  });

  it("past maxStaleness, refuses to answer (fail-closed)", async () => {
    const { follower, set, state, advance } = await followedSet({ whenStale: "fail-closed" });
    state.down = true;
    advance(1.5);
    await expect(set.isRevoked(token("any"))).rejects.toMatchObject({ name: "TemporarilyUnavailableError", retryAfter: 1 });
    await follower.close();
  });

  it("is stale before its follower's first read, and after close", async () => {
    const store = new MemoryStore();
    const follower = new ChangeFollower(store);
    const set = new RevocationSet(store, follower, { whenStale: "fail-closed" });
    await expect(set.isRevoked(token("any"))).rejects.toBeInstanceOf(TemporarilyUnavailableError);
    await follower.ready();
    expect(await set.isRevoked(token("any"))).toBe(false);
    await follower.close();
  });

  it("replaces its copy on a reset", async () => {
    const store = new MemoryStore();
    const follower = new ChangeFollower(store);
    const set = new RevocationSet(store, follower);
    await follower.ready();
    await set.revokeToken("local", Date.now() / 1000 + 600);
    expect(set.size).toBe(1);
    // A late subscriber makes the follower read the state afresh, as a reset.
    follower.subscribe(() => {});
    await follower.ready();
    expect(set.size).toBe(1);
    expect(await set.isRevoked(token("local"))).toBe(true);
    await follower.close();
  });

  it("checks its options", () => {
    const store = new MemoryStore();
    const follower = new ChangeFollower(store, { pollInterval: 1 });
    expect(() => new RevocationSet({} as MemoryStore, follower)).toThrow(/^store: /);
    expect(() => new RevocationSet(store, {} as ChangeFollower)).toThrow(/^changes: /);
    expect(() => new RevocationSet(store, follower)).toThrow(/^maxStaleness: must be .* above the follower's pollInterval \(1 s\)/);
    expect(() => new RevocationSet(store, follower, { maxStaleness: 2, whenStale: "open" as never })).toThrow(/^whenStale: /);
    void follower.close();
  });
});
