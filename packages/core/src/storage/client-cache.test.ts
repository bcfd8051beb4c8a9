import { describe, expect, it, vi } from "vitest";
import { TemporarilyUnavailableError } from "../protocol/faults.js";
import { ChangeFollower } from "./change-follower.js";
import type { Client } from "./clients.js";
import { ClientCache } from "./client-cache.js";
import { MemoryStore } from "./memory-store.js";

const client = (clientId: string, scopes: string[] = ["read"]): Client => ({ clientId, grantTypes: ["client_credentials"], scopes });

async function cached(options: { maxAge?: number; staleIfError?: number; maxEntries?: number } = {}) {
  let ms = 1_000_000;
  const store = new MemoryStore();
  const follower = new ChangeFollower(store);
  const cache = new ClientCache(store, follower, { now: () => ms, ...options });
  await follower.ready();
  const reads = vi.spyOn(store, "getClient");
  return { store, follower, cache, reads, advance: (seconds: number) => void (ms += seconds * 1000) };
}

describe("ClientCache", () => {
  it("reads a client once per maxAge, sharing a read in flight", async () => {
    const { store, follower, cache, reads, advance } = await cached({ maxAge: 30 });
    await store.putClient(client("svc"));
    await follower.ready();
    const [a, b] = await Promise.all([cache.getClient("svc"), cache.getClient("svc")]);
    expect(a).toBe(b);
    advance(29);
    await cache.getClient("svc");
    expect(reads).toHaveBeenCalledOnce();
    advance(1);
    await cache.getClient("svc");
    expect(reads).toHaveBeenCalledTimes(2);
    await follower.close();
  });

  it("drops a client as soon as the change feed says it changed, and everything on a reset", async () => {
    const { store, follower, cache } = await cached({ maxAge: 3600 });
    await store.putClient(client("svc", ["read"]));
    await store.putClient(client("other"));
    expect((await cache.getClient("svc"))?.scopes).toEqual(["read"]);
    await cache.getClient("other");
    await store.setClientDisabled("svc", true);
    await follower.ready();
    expect(await cache.getClient("svc")).toMatchObject({ disabled: true });
    expect(cache.size).toBe(2);
    follower.subscribe(() => {}); // a late subscriber: the follower reads afresh, as a reset
    await follower.ready();
    expect(cache.size).toBe(0);
    await follower.close();
  });

  it("does not cache an unknown client id or a failed read", async () => {
    const { store, follower, cache, reads } = await cached();
    expect(await cache.getClient("nobody")).toBeUndefined();
    expect(cache.size).toBe(0);
    reads.mockRejectedValueOnce(new Error("boom"));
    await expect(cache.getClient("svc")).rejects.toThrow("boom");
    await store.putClient(client("svc"));
    expect(await cache.getClient("svc")).toMatchObject({ clientId: "svc" });
    await follower.close();
  });

  it("serves a known client for staleIfError past maxAge while the store is out of reach, and no longer", async () => {
    const { store, follower, cache, reads, advance } = await cached({ maxAge: 10, staleIfError: 20 });
    await store.putClient(client("svc"));
    await follower.ready();
    await cache.getClient("svc");
    reads.mockRejectedValue(new TemporarilyUnavailableError("database down"));
    advance(15);
    expect(await cache.getClient("svc")).toMatchObject({ clientId: "svc" });
    advance(14);
    expect(await cache.getClient("svc")).toMatchObject({ clientId: "svc" });
    advance(1);
    await expect(cache.getClient("svc")).rejects.toBeInstanceOf(TemporarilyUnavailableError);
    reads.mockRejectedValue(new Error("not an outage"));
    await expect(cache.getClient("svc")).rejects.toThrow("not an outage");
    await follower.close();
  });

  it("holds at most maxEntries clients, dropping the oldest read", async () => {
    const { store, follower, cache } = await cached({ maxEntries: 2 });
    for (const id of ["a", "b", "c"]) await store.putClient(client(id));
    for (const id of ["a", "b", "c"]) await cache.getClient(id);
    expect(cache.size).toBe(2);
    await follower.close();
  });

  it("works without a follower, on maxAge alone", async () => {
    const store = new MemoryStore();
    await store.putClient(client("svc"));
    const cache = new ClientCache(store, undefined);
    expect(await cache.getClient("svc")).toMatchObject({ clientId: "svc" });
  });

  it("checks its options", () => {
    const store = new MemoryStore();
    expect(() => new ClientCache({} as MemoryStore, undefined)).toThrow(/^clients: /);
    expect(() => new ClientCache(store, {} as ChangeFollower)).toThrow(/^changes: /);
    expect(() => new ClientCache(store, undefined, { maxAge: 0 })).toThrow(/^maxAge: /);
    expect(() => new ClientCache(store, undefined, { staleIfError: -1 })).toThrow(/^staleIfError: /);
    expect(() => new ClientCache(store, undefined, { maxEntries: 1.5 })).toThrow(/^maxEntries: /);
  });
});
