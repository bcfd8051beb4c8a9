import { MemoryStore, TemporarilyUnavailableError, type CounterStore } from "@tessera/core";
import { scenarioClients } from "@tessera/conformance/tables";
import { describe, expect, expectTypeOf, it } from "vitest";
import { instrumentStore } from "./store.js";
import { inMemoryTelemetry, scenarioServer, tokenRequest, type Point } from "./telemetry.test.helpers.js";

const client = { clientId: "svc", grantTypes: ["client_credentials"], scopes: ["read"] };

function durations(metrics: Map<string, Point[]>): Record<string, unknown>[] {
  return (metrics.get("tessera.store.operation.duration") ?? [])
    .map(({ attributes, value }) => ({ ...attributes, count: (value as { count: number }).count }))
    .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
}

describe("instrumentStore", () => {
  it("records the latency of each operation by store and operation, and the server's calls through it", async () => {
    const telemetry = inMemoryTelemetry();
    const store = instrumentStore(new MemoryStore(), "memory", telemetry);
    expectTypeOf(store).toEqualTypeOf<MemoryStore>();
    expect(await store.createClient(client)).toBe(true);
    expect(await store.getClient("svc")).toMatchObject(client);
    expect((await store.listClients()).clients).toHaveLength(1);
    const server = await scenarioServer({ revocations: store, lockout: { counters: store } });
    await server.fetch(tokenRequest(scenarioClients.service.clientId, "wrong-secret"));
    const recorded = durations(await telemetry.metrics());
    // The failed authentication: the lockout peeks at the client id's counter, then counts the failure.
    expect(recorded).toEqual([
      { "tessera.store.name": "memory", "tessera.store.operation": "createClient", count: 1 },
      { "tessera.store.name": "memory", "tessera.store.operation": "getClient", count: 1 },
      { "tessera.store.name": "memory", "tessera.store.operation": "hit", count: 1 },
      { "tessera.store.name": "memory", "tessera.store.operation": "listClients", count: 1 },
      { "tessera.store.name": "memory", "tessera.store.operation": "peek", count: 1 },
    ]);
    const points = (await telemetry.metrics()).get("tessera.store.operation.duration") ?? [];
    for (const { value } of points) expect((value as { sum: number }).sum).toBeGreaterThanOrEqual(0);
    await telemetry.shutdown();
  });

  it("counts failed operations by error.type, and passes their errors on unchanged", async () => {
    const telemetry = inMemoryTelemetry();
    const outage = new TemporarilyUnavailableError();
    class Outage extends MemoryStore {
      override async hit(_key: string, _window: number): Promise<never> {
        throw outage;
      }
    }
    const store = instrumentStore(new Outage(), "memory", telemetry);
    await expect(store.hit("a/b", 60)).rejects.toBe(outage);
    await expect(store.hit("a/b", 60)).rejects.toBe(outage);
    const thrown = new RangeError("synchronous");
    const plain: CounterStore = instrumentStore({
      counterConsistency: "strong",
      hit: () => { throw thrown; },
      peek: async () => undefined,
      reset: async () => {},
    }, "plain", telemetry);
    expect(() => plain.hit("a/b", 60)).toThrow(thrown);
    await plain.peek("a/b");
    expect(durations(await telemetry.metrics())).toEqual([
      { "tessera.store.name": "memory", "tessera.store.operation": "hit", "error.type": "TemporarilyUnavailableError", count: 2 },
      { "tessera.store.name": "plain", "tessera.store.operation": "hit", "error.type": "RangeError", count: 1 },
      { "tessera.store.name": "plain", "tessera.store.operation": "peek", count: 1 },
    ]);
    await telemetry.shutdown();
  });

  it("passes every other member through: properties, other methods, instanceof; no span without an active one", async () => {
    const telemetry = inMemoryTelemetry();
    const memory = new MemoryStore();
    const store = instrumentStore(memory, "memory", telemetry);
    expect(store).toBeInstanceOf(MemoryStore);
    expect(store.clientConsistency).toBe("strong");
    expect(store.getClient).toBe(store.getClient); // one wrapper per method
    await store.revokeToken("jti-1", Math.floor(Date.now() / 1000) + 60);
    expect(await memory.isRevoked({ jti: "jti-1", clientId: "c", issuedAt: 0 })).toBe(true);
    const unwatch = await store.watch?.(() => {}, () => {});
    await unwatch?.();
    expect((await telemetry.metrics()).get("tessera.store.operation.duration")?.map(({ attributes }) => attributes["tessera.store.operation"])).toEqual(["revokeToken"]);
    expect(telemetry.spans()).toEqual([]);
    await telemetry.shutdown();
  });

  it("refuses what it cannot wrap, naming the argument", () => {
    const frozen = Object.freeze({ counterConsistency: "strong" as const, hit: async () => ({ count: 1, resetAt: 0 }), peek: async () => undefined, reset: async () => {} });
    expect(() => instrumentStore(frozen, "frozen")).toThrow(expect.objectContaining({ code: "ERR_INVALID_ARG_VALUE", message: expect.stringMatching(/^store: /) }));
    expect(instrumentStore({ ...frozen }, "copy").hit).toEqual(expect.any(Function));
    expect(() => instrumentStore(new MemoryStore(), "")).toThrow(/^name: /);
    expect(() => instrumentStore(null as never, "memory")).toThrow(/^store: /);
  });
});
