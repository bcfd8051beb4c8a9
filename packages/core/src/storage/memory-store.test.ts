import { describe, expect, it } from "vitest";
import type { Client } from "./clients.js";
import { MemoryStore } from "./memory-store.js";

const client: Client = {
  clientId: "billing-service",
  grantTypes: ["client_credentials"],
  scopes: ["invoices:read"],
  secrets: [{ hash: "sha256:aaaa" }],
  jwks: { keys: [{ kty: "OKP", crv: "Ed25519", x: "abc" }] },
};

/** A store on a clock that only moves when told to, starting at 1 000 000 s. */
function clockedStore() {
  let ms = 1_000_000_000;
  const store = new MemoryStore({ now: () => ms });
  return { store, advance: (seconds: number) => void (ms += seconds * 1000), seconds: () => ms / 1000 };
}

describe("MemoryStore", () => {
  it("keeps a deep-frozen copy of a client, with secrets and disabled filled in", async () => {
    const store = new MemoryStore();
    const input = structuredClone(client) as { -readonly [K in keyof Client]: Client[K] };
    await store.createClient(input);
    input.scopes = ["changed"];
    const stored = await store.getClient("billing-service");
    expect(stored).toEqual({ ...client, disabled: false });
    expect(Object.isFrozen(stored)).toBe(true);
    expect(Object.isFrozen(stored?.secrets?.[0])).toBe(true);
    expect(Object.isFrozen(stored?.jwks?.keys[0])).toBe(true);
  });

  it("expires revocations, reservations and counter windows on its injected clock", async () => {
    const { store, advance, seconds } = clockedStore();
    await store.revokeToken("t1", seconds() + 60);
    await store.revokeClientTokens("billing-service", seconds(), seconds() + 60);
    expect(await store.reserve("r1", seconds() + 60)).toBe(true);
    expect(await store.hit("c1", 60)).toEqual({ count: 1, resetAt: seconds() + 60 });
    advance(59);
    const token = { jti: "t1", clientId: "other", issuedAt: seconds() };
    expect(await store.isRevoked(token)).toBe(true);
    expect(await store.isRevoked({ jti: "t2", clientId: "billing-service", issuedAt: seconds() - 60 })).toBe(true);
    expect(await store.reserve("r1", seconds() + 60)).toBe(false);
    expect(await store.hit("c1", 60)).toMatchObject({ count: 2 });
    advance(1);
    expect(await store.isRevoked(token)).toBe(false);
    expect(await store.isRevoked({ jti: "t2", clientId: "billing-service", issuedAt: seconds() - 120 })).toBe(false);
    expect(await store.reserve("r1", seconds() + 60)).toBe(true);
    expect(await store.peek("c1")).toBeUndefined();
    expect(await store.hit("c1", 60)).toEqual({ count: 1, resetAt: seconds() + 60 });
    expect((await store.readChanges(undefined)).changes).toEqual([]);
  });

  it("sweeps expired entries out as writes go on, so memory stays bounded", async () => {
    const { store, advance, seconds } = clockedStore();
    for (let round = 0; round < 20; round++) {
      for (let i = 0; i < 100; i++) await store.reserve(`round-${round}-${i}`, seconds() + 1);
      advance(2);
    }
    // 2000 reservations made, each alive for one round of 100: never more than a few rounds held.
    expect(store.size).toBeLessThanOrEqual(300);
    expect(store.size).toBeGreaterThan(0);
  });

  it("holds at most maxCounters counters: a flood of new keys counts on its group's overflow, and no running counter is freed", async () => {
    const store = new MemoryStore({ maxCounters: 100 });
    for (let i = 0; i < 5; i++) await store.hit("client/locked", 60);
    for (let i = 0; i < 10_000; i++) await store.hit(`caller/${i}`, 60);
    expect(store.size).toBeLessThanOrEqual(100);
    expect(await store.peek("client/locked")).toMatchObject({ count: 5 });
    // The flood's group is counted as one: past the bound, any new key of it reports the overflow.
    expect((await store.peek("caller/fresh"))?.count).toBeGreaterThanOrEqual(10_000 - 100);
    expect(await store.peek("other/fresh")).toBeUndefined();
    expect(() => new MemoryStore({ maxCounters: 0 })).toThrow(/maxCounters/);
  });

  it("drops client-changed entries after changeRetention, and tells a reader whose cursor is older to reset", async () => {
    let ms = 0;
    const store = new MemoryStore({ now: () => ms, changeRetention: 10 });
    const { cursor } = await store.readChanges(undefined);
    await store.putClient(client);
    await store.revokeToken("kept", 3600);
    const read = await store.readChanges(cursor);
    expect(read).toEqual({
      changes: [{ kind: "client-changed", clientId: "billing-service" }, { kind: "token-revoked", jti: "kept", keepUntil: 3600 }],
      cursor: expect.any(String),
    });
    ms = 10_000;
    const reset = await store.readChanges(cursor);
    expect(reset).toEqual({ changes: [{ kind: "token-revoked", jti: "kept", keepUntil: 3600 }], cursor: read.cursor, reset: true });
    // A reader that had read past the dropped entry goes on as before.
    expect(await store.readChanges(read.cursor)).toEqual({ changes: [], cursor: read.cursor });
    // Once swept, the old cursor still resets.
    for (let i = 0; i < 100; i++) await store.reserve(`r${i}`, 1);
    expect(await store.readChanges(cursor)).toMatchObject({ reset: true });
    expect(await store.readChanges(reset.cursor)).toEqual({ changes: [], cursor: read.cursor });
  });

  it("tells watchers after each change, in a microtask, until they stop", async () => {
    const store = new MemoryStore();
    const errors: unknown[] = [];
    let calls = 0;
    const stop = await store.watch(() => {
      calls++;
      throw new Error("listener failed");
    }, (error) => errors.push(error));
    const revoked = store.revokeToken("t1", Date.now() / 1000 + 60);
    expect(calls).toBe(0); // not called in the writer's own call stack
    await revoked;
    await Promise.resolve();
    expect(calls).toBe(1);
    expect(errors).toEqual([new Error("listener failed")]);
    await stop();
    await store.putClient(client);
    await Promise.resolve();
    expect(calls).toBe(1);
  });

  it("refuses a cursor it did not make", async () => {
    const store = new MemoryStore();
    for (const cursor of ["", "m", "m-1", "m01", "x5", "m99"]) {
      await expect(store.readChanges(cursor)).rejects.toMatchObject({ name: "TypeError", code: "ERR_INVALID_ARG_VALUE" });
    }
  });

  it("checks its options", () => {
    expect(() => new MemoryStore({ now: 5 as unknown as () => number })).toThrow(/^now: /);
    expect(() => new MemoryStore({ changeRetention: 0 })).toThrow(/^changeRetention: /);
  });

  it("never puts a secret hash in an error message", async () => {
    const store = new MemoryStore();
    const bad = { ...client, secrets: [{ hash: "sha256:very-secret", expiresAt: "soon" }] } as unknown as Client;
    const error = await store.createClient(bad).then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(error).toMatchObject({ name: "TypeError", message: "client.secrets[0].expiresAt: must be a finite number of seconds" });
  });
});
