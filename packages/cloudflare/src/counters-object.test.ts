import { TemporarilyUnavailableError } from "@tessera/core";
import type { Miniflare } from "miniflare";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DurableObjectNamespaceLike } from "./bindings.js";
import { DurableObjectCounterStore } from "./counter-store.js";
import { CountersObject } from "./counters-object.js";
import { startMiniflare } from "./miniflare.test.helpers.js";

describe("CountersObject on workerd", () => {
  let miniflare: Miniflare;
  let namespace: DurableObjectNamespaceLike;
  let store: DurableObjectCounterStore;
  beforeAll(async () => {
    miniflare = await startMiniflare();
    namespace = await miniflare.getDurableObjectNamespace("COUNTERS");
    store = new DurableObjectCounterStore(namespace);
  }, 30_000);
  afterAll(async () => {
    await miniflare?.dispose();
  });

  it("keeps its state in storage: a window survives the object's eviction", async () => {
    await store.hit("survivor", 300);
    await miniflare.unsafeEvictDurableObject("", "CountersObject", { name: "counter:survivor" });
    expect(await store.hit("survivor", 300)).toMatchObject({ count: 2 });
  });

  it("answers a malformed request 400", async () => {
    const stub = namespace.get(namespace.idFromName("counter:malformed"));
    const response = await stub.fetch("https://counters.tessera.invalid/", { method: "POST", body: '{"op":"hit"}', headers: {} });
    expect(response.status).toBe(400);
  });

  it("rejects with TemporarilyUnavailableError when the object is out of reach", async () => {
    const unreachable = { idFromName: (name: string) => name, get: () => ({ fetch: () => Promise.reject(new Error("Network connection lost.")) }) };
    const error = await new DurableObjectCounterStore(unreachable).hit("key", 60).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(TemporarilyUnavailableError);
    expect(error).toMatchObject({ message: "the Durable Object is out of reach", cause: new Error("Network connection lost.") });
  });
});

describe("CountersObject's alarm", () => {
  /** The object on a storage held in a Map, with the alarm it was asked for. */
  function objectOnMap() {
    const entries = new Map<string, unknown>();
    const alarms: number[] = [];
    const storage = {
      get: async <T>(key: string) => entries.get(key) as T | undefined,
      put: async <T>(key: string, value: T) => void entries.set(key, value),
      deleteAll: async () => entries.clear(),
      setAlarm: async (time: number) => void alarms.push(time),
    };
    const object = new CountersObject({ storage, blockConcurrencyWhile: (callback) => callback() });
    const send = (body: unknown) =>
      object.fetch(new Request("https://counters.tessera.invalid/", { method: "POST", body: JSON.stringify(body) })).then((r) => r.json());
    return { object, entries, alarms, send };
  }

  it("is set for the end of the window, and deletes the state once it has ended", async () => {
    const { object, entries, alarms, send } = objectOnMap();
    const { resetAt } = (await send({ op: "hit", windowSeconds: 0.2 })) as { resetAt: number };
    expect(alarms).toEqual([resetAt * 1000]);
    expect(entries.size).toBe(1);
    await object.alarm(); // early: the window still runs, so the alarm is set again
    expect(entries.size).toBe(1);
    expect(alarms).toEqual([resetAt * 1000, resetAt * 1000]);
    await new Promise((resolve) => setTimeout(resolve, 250));
    await object.alarm();
    expect(entries.size).toBe(0);
    expect(await send({ op: "peek" })).toBeNull();
  });
});
