import { MemoryStore } from "@tessera/core";
import { describeStoreConformance } from "./vitest-runner.js";

describeStoreConformance("MemoryStore", { watch: true }, async () => {
  let ms = Date.now();
  const store = new MemoryStore({ now: () => ms });
  const views = { clients: store, revocations: store, changes: store, counters: store, replay: store };
  return {
    views: [views, views],
    now: async () => ms / 1000,
    advance: (seconds) => void (ms += seconds * 1000),
    close: async () => {},
  };
});
