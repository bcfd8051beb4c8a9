import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PostgresDriver } from "./driver.js";
import { migrate } from "./migrations.js";
import { PostgresStore } from "./postgres-store.js";
import { pgDriver, testDatabase } from "./test-database.test.helpers.js";

describe("sweeping expired rows", () => {
  let db: PostgresDriver;
  let pool: pg.Pool;
  beforeAll(async () => {
    ({ db, pool } = pgDriver(await testDatabase()));
    await migrate(db);
  });
  afterAll(async () => {
    await pool.end();
  });

  const count = async (table: string) =>
    Number((await db.query(`SELECT count(*)::int4 AS n FROM public.tessera_${table}`, [])).rows[0]?.n);

  /** One expired and one live row in each table that expires. */
  async function fill(store: PostgresStore, tag: string): Promise<void> {
    const now = Date.now() / 1000;
    await store.revokeToken(`${tag}-gone`, now - 10);
    await store.revokeToken(`${tag}-kept`, now + 600);
    await store.revokeClientTokens(`${tag}-gone`, now, now - 10);
    await store.revokeClientTokens(`${tag}-kept`, now, now + 600);
    await store.reserve(`${tag}-gone`, now - 10);
    await store.reserve(`${tag}-kept`, now + 600);
    await store.hit(`${tag}-kept`, 600);
    await db.query("INSERT INTO public.tessera_counters (key, count, reset_at) VALUES ($1::text, 3, $2::float8)", [`${tag}-gone`, now - 10]);
  }

  it("deletes what has expired and keeps the rest, on sweep()", async () => {
    const store = new PostgresStore(db, { sweepEvery: 1_000_000 });
    await db.query("TRUNCATE public.tessera_revoked_tokens, public.tessera_revoked_clients, public.tessera_reservations, public.tessera_counters", []);
    await fill(store, "manual");
    expect(await store.sweep()).toBe(4);
    for (const table of ["revoked_tokens", "revoked_clients", "reservations", "counters"]) expect(await count(table)).toBe(1);
    expect(await store.sweep()).toBe(0);
  });

  it("sweeps by itself every sweepEvery writes", async () => {
    const store = new PostgresStore(db, { sweepEvery: 9 });
    await db.query("TRUNCATE public.tessera_revoked_tokens, public.tessera_revoked_clients, public.tessera_reservations, public.tessera_counters", []);
    await fill(store, "auto"); // 7 writes through the store
    expect(await count("reservations")).toBe(2);
    await store.reserve("auto-more", Date.now() / 1000 + 600);
    await store.reserve("auto-last", Date.now() / 1000 + 600); // the 9th write sweeps
    expect(await count("reservations")).toBe(3);
    expect(await count("revoked_tokens")).toBe(1);
    expect(await count("counters")).toBe(1);
  });

  it("tells onError when a sweep fails, and the write still succeeds", async () => {
    const errors: unknown[] = [];
    const failingSweeps: PostgresDriver = {
      ...db,
      query: (text, params) => (text.includes("DELETE FROM") ? Promise.reject(new Error("sweep failed")) : db.query(text, params)),
    };
    const store = new PostgresStore(failingSweeps, { sweepEvery: 1, onError: (error) => errors.push(error) });
    expect(await store.reserve("with-failing-sweep", Date.now() / 1000 + 60)).toBe(true);
    expect(errors).toEqual([new Error("sweep failed")]);
  });
});
