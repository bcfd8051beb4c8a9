import { fileURLToPath } from "node:url";
import { Miniflare } from "miniflare";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { workerdCompatibilityDate } from "../binaries.js";
import { bundleForWorkerd } from "../suite/workerd.js";
import { storeChecks } from "./suite.js";

/** The Worker of run-workerd.ts as `tsc -b` built it. */
const entry = fileURLToPath(new URL("../../dist/storage/run-workerd.js", import.meta.url));

describe("the store conformance suite on D1 and a Durable Object, on workerd through Miniflare", () => {
  let worker: Miniflare;
  const runId = crypto.randomUUID().slice(0, 8);
  beforeAll(async () => {
    worker = new Miniflare({
      modules: true,
      script: await bundleForWorkerd(entry),
      compatibilityDate: workerdCompatibilityDate(),
      d1Databases: ["DB"],
      durableObjects: { COUNTERS: "CountersObject" },
      cf: false,
    });
    const migrated = await worker.dispatchFetch("http://store.test/migrate");
    expect(await migrated.json()).toEqual({ from: 0, to: 2 });
  }, 60_000);
  afterAll(async () => {
    await worker?.dispose();
  });

  it.each(storeChecks({ watch: false }).map(({ name }) => name))("%s", async (name) => {
    const response = await worker.dispatchFetch(`http://store.test/check?${new URLSearchParams({ check: name, run: runId })}`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual([]);
  });
});
