import { TemporarilyUnavailableError } from "@tessera/core";
import { describe, expect, it } from "vitest";
import { D1Store } from "./d1-store.js";
import { startMiniflare } from "./miniflare.test.helpers.js";

describe("D1Store's errors", () => {
  it("passes a SQL error on as it is: a missing table is a bug, not an outage", async () => {
    const miniflare = await startMiniflare();
    try {
      const store = new D1Store(await miniflare.getD1Database("DB")); // not migrated
      const error = await store.getClient("billing").catch((thrown: unknown) => thrown);
      expect(error).not.toBeInstanceOf(TemporarilyUnavailableError);
      expect(String((error as Error).message)).toMatch(/no such table/);
    } finally {
      await miniflare.dispose();
    }
  });

  it("rejects with TemporarilyUnavailableError when D1 is out of reach", async () => {
    const miniflare = await startMiniflare();
    const store = new D1Store(await miniflare.getD1Database("DB"));
    await miniflare.dispose();
    const error = await store.isRevoked({ jti: "j", clientId: "c", issuedAt: 0 }).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(TemporarilyUnavailableError);
    expect(error).toMatchObject({ message: "D1 is out of reach" });
  });
});
