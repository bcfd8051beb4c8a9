import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runStoreCheck, storeChecks, type StoreCapabilities, type StoreFixture } from "./suite.js";

/** A store under test, opened once for all the checks, and closed after them. */
export interface OpenedStore extends StoreFixture {
  close(): Promise<void>;
}

/** Runs every check of the store conformance suite on the store that `open` gives, one test each. */
export function describeStoreConformance(name: string, capabilities: StoreCapabilities, open: () => Promise<OpenedStore>): void {
  describe(`the store conformance suite on ${name}`, () => {
    let store: OpenedStore | undefined;
    const runId = crypto.randomUUID().slice(0, 8);
    beforeAll(async () => {
      store = await open();
    }, 60_000);
    afterAll(async () => {
      await store?.close();
    });
    it.each(storeChecks(capabilities).map((check) => [check.name, check] as const))("%s", async (_name, check) => {
      if (store === undefined) throw new Error("the store did not open");
      expect(await runStoreCheck(check, store, runId)).toEqual([]);
    });
  });
}
