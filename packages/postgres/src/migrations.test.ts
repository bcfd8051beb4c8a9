import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrate, schemaVersion, SchemaVersionError } from "./migrations.js";
import { pgDriver, testDatabase } from "./test-database.test.helpers.js";

describe("migrate", () => {
  let url: string;
  const pools: pg.Pool[] = [];
  const driver = () => {
    const { db, pool } = pgDriver(url, 2);
    pools.push(pool);
    return db;
  };
  beforeAll(async () => {
    url = await testDatabase();
  });
  afterAll(async () => {
    await Promise.all(pools.map((pool) => pool.end()));
  });

  it("applies every version once when several instances start at once", async () => {
    const results = await Promise.all(Array.from({ length: 6 }, () => migrate(driver(), { schema: "racing" })));
    expect(results.filter(({ from }) => from === 0)).toEqual([{ from: 0, to: schemaVersion }]);
    expect(results.filter(({ from }) => from === schemaVersion)).toHaveLength(5);
    const { rows } = await driver().query("SELECT version FROM racing.tessera_schema_version ORDER BY version", []);
    expect(rows).toEqual([{ version: 1 }, { version: 2 }]);
    const tables = await driver().query(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'racing' ORDER BY table_name",
      [],
    );
    expect(tables.rows.map(({ table_name }) => table_name)).toEqual([
      "tessera_changes",
      "tessera_clients",
      "tessera_counters",
      "tessera_feed_state",
      "tessera_reservations",
      "tessera_revoked_clients",
      "tessera_revoked_tokens",
      "tessera_schema_version",
    ]);
  });

  it("does nothing the second time, and keeps each schema apart", async () => {
    const db = driver();
    expect(await migrate(db, { schema: "again" })).toEqual({ from: 0, to: schemaVersion });
    expect(await migrate(db, { schema: "again" })).toEqual({ from: schemaVersion, to: schemaVersion });
    expect(await migrate(db, { schema: "other", advisoryLock: false })).toEqual({ from: 0, to: schemaVersion });
  });

  it("refuses a schema newer than this package, changing nothing", async () => {
    const db = driver();
    await migrate(db, { schema: "newer" });
    await db.query("INSERT INTO newer.tessera_schema_version (version) VALUES ($1::int4)", [schemaVersion + 1]);
    const error = await migrate(db, { schema: "newer" }).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(SchemaVersionError);
    expect(error).toMatchObject({ code: "ERR_TESSERA_SCHEMA_VERSION" });
  });

  it("refuses a schema name it would have to quote", async () => {
    for (const schema of ["Auth", "auth-server", "1st", "", "a".repeat(41), 'x"; DROP TABLE y; --']) {
      await expect(migrate(driver(), { schema })).rejects.toMatchObject({ name: "TypeError", code: "ERR_INVALID_ARG_VALUE" });
    }
  });
});
