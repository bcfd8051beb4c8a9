import { MemoryStore } from "@tessera/core";
import { describeStoreConformance } from "./vitest-runner.js";

describeStoreConformance("MemoryStore", { watch: true }, async () => {
  let ms = Date.now();
  const store = new MemoryStore({ now: () => ms });
  const views = { clients: store, revocations: store, changes: store, counters: store, replay: store };
  const short = new MemoryStore({ now: () => ms, changeRetention: 1 });
  return {
    views: [views, views],
    shortRetention: {
      view: { clients: short, revocations: short, changes: short, counters: short, replay: short },
      changeRetention: 1,
      // Reads leave out what has expired; the sweep that follows writes is pinned by its own tests.
      forget: async () => {},
    },
    now: async () => ms / 1000,
    advance: (seconds) => void (ms += seconds * 1000),
    close: async () => {},
  };
});
