import type { Miniflare } from "miniflare";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { D1DatabaseLike } from "./bindings.js";
import { d1SchemaVersion, migrateD1, SchemaVersionError } from "./d1-migrations.js";
import { startMiniflare } from "./miniflare.test.helpers.js";

describe("migrateD1", () => {
  let miniflare: Miniflare;
  let db: D1DatabaseLike;
  beforeAll(async () => {
    miniflare = await startMiniflare();
    db = await miniflare.getD1Database("DB");
  }, 30_000);
  afterAll(async () => {
    await miniflare?.dispose();
  });

  it("succeeds from several Workers at once, records the version once, and then does nothing", async () => {
    const results = await Promise.all([migrateD1(db), migrateD1(db), migrateD1(db)]);
    for (const { to } of results) expect(to).toBe(d1SchemaVersion);
    expect(await migrateD1(db)).toEqual({ from: d1SchemaVersion, to: d1SchemaVersion });
    const { results: versions } = await db.prepare("SELECT version FROM tessera_schema_version").all();
    expect(versions).toEqual([{ version: 1 }, { version: 2 }]);
    const { results: tables } = await db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'tessera_%' ORDER BY name")
      .all<{ name: string }>();
    expect(tables.map(({ name }) => name)).toEqual([
      "tessera_changes",
      "tessera_clients",
      "tessera_feed_state",
      "tessera_revoked_clients",
      "tessera_revoked_tokens",
      "tessera_schema_version",
    ]);
  });

  it("refuses a schema newer than this package", async () => {
    await db.prepare("INSERT INTO tessera_schema_version (version, applied_at) VALUES (?1, 0)").bind(d1SchemaVersion + 1).all();
    const error = await migrateD1(db).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(SchemaVersionError);
    expect(error).toMatchObject({ code: "ERR_TESSERA_SCHEMA_VERSION" });
  });
});
