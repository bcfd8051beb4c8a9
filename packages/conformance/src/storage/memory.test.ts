import { MemoryStore } from "@tessera/core";
import { describe, expect, it } from "vitest";
import { runStoreCheck, storeChecks, type StoreFixture } from "./suite.js";

describe("the store conformance suite on MemoryStore", () => {
  let ms = Date.now();
  const store = new MemoryStore({ now: () => ms });
  const views = { clients: store, revocations: store, changes: store, counters: store, replay: store };
  const fixture: StoreFixture = {
    views: [views, views],
    now: async () => ms / 1000,
    advance: (seconds) => void (ms += seconds * 1000),
  };
  const runId = crypto.randomUUID();

  it.each(storeChecks({ watch: true }).map((check) => [check.name, check] as const))("%s", async (_name, check) => {
    expect(await runStoreCheck(check, fixture, runId)).toEqual([]);
  });
});
