import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PostgresDriver } from "./driver.js";
import { migrate } from "./migrations.js";
import { PostgresStore } from "./postgres-store.js";
import { pgDriver, testDatabase } from "./test-database.test.helpers.js";
import type pg from "pg";

async function until(condition: () => boolean): Promise<void> {
  for (let waited = 0; !condition() && waited < 5000; waited += 20) await new Promise((resolve) => setTimeout(resolve, 20));
}

describe("watch through LISTEN/NOTIFY on pg", () => {
  let db: PostgresDriver;
  let pool: pg.Pool;
  beforeAll(async () => {
    ({ db, pool } = pgDriver(await testDatabase()));
    await migrate(db, { schema: "watched" });
  });
  afterAll(async () => {
    await pool.end();
  });

  it("tells onError when the listening connection is lost", async () => {
    const store = new PostgresStore(db, { schema: "watched" });
    const errors: unknown[] = [];
    let calls = 0;
    const stop = await store.watch?.(() => void calls++, (error) => errors.push(error));
    await store.revokeToken("before-loss", Date.now() / 1000 + 60);
    await until(() => calls > 0);
    expect(calls).toBe(1);
    await db.query(
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query = 'LISTEN tessera_changes_watched' AND pid <> pg_backend_pid()",
      [],
    );
    await until(() => errors.length > 0);
    expect(errors).toHaveLength(1);
    await stop?.(); // harmless after a failure
  });

  it("has no watch when notify is off", () => {
    expect(new PostgresStore(db, { notify: false }).watch).toBeUndefined();
  });
});
