import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cursorAfter } from "./change-feed.js";
import type { PostgresDriver } from "./driver.js";
import { migrate } from "./migrations.js";
import { PostgresStore } from "./postgres-store.js";
import { pgDriver, testDatabase } from "./test-database.test.helpers.js";

describe("cursorAfter", () => {
  it("moves over consecutive values and stops before a gap that may still fill", () => {
    expect(cursorAfter(4, [{ seq: 5, settled: false }, { seq: 6, settled: false }])).toBe(6);
    expect(cursorAfter(4, [{ seq: 6, settled: false }, { seq: 7, settled: false }])).toBe(4);
    expect(cursorAfter(4, [{ seq: 5, settled: true }, { seq: 7, settled: false }, { seq: 8, settled: false }])).toBe(5);
  });

  it("moves over a gap once the change after it is older than the late-commit window", () => {
    expect(cursorAfter(4, [{ seq: 6, settled: true }, { seq: 9, settled: true }, { seq: 11, settled: false }])).toBe(9);
    expect(cursorAfter(4, [])).toBe(4);
  });
});

describe("the change feed on PostgreSQL, with two transactions committing out of order", () => {
  let url: string;
  let pools: pg.Pool[] = [];
  beforeAll(async () => {
    url = await testDatabase();
    const { db, pool } = pgDriver(url);
    pools.push(pool);
    await migrate(db);
  });
  afterAll(async () => {
    await Promise.all(pools.map((pool) => pool.end()));
    pools = [];
  });

  /** A driver bound to one connection inside an open transaction, committed by `commit`. */
  async function openTransaction(): Promise<{ db: PostgresDriver; commit(): Promise<void> }> {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query("BEGIN");
    const db: PostgresDriver = {
      query: (text, params) => client.query(text, [...params]),
      transaction: () => Promise.reject(new Error("already in a transaction")),
    };
    return { db, commit: async () => void (await client.query("COMMIT"), await client.end()) };
  }

  it("delivers a change whose sequence value committed after a later one was read", async () => {
    const { db, pool } = pgDriver(url);
    pools.push(pool);
    const reader = new PostgresStore(db);
    const now = Date.now() / 1000;
    const { cursor: start } = await reader.readChanges(undefined);
    const first = await reader.readChanges(start); // past anything before this test
    // A draws its sequence value first and stays uncommitted; B draws the next one and commits.
    const a = await openTransaction();
    await new PostgresStore(a.db).revokeToken("jti-a", now + 600);
    await new PostgresStore(db).revokeToken("jti-b", now + 600);
    const whileOpen = await reader.readChanges(first.cursor);
    expect(whileOpen.changes).toEqual([{ kind: "token-revoked", jti: "jti-b", keepUntil: now + 600 }]);
    await a.commit();
    const afterCommit = await reader.readChanges(whileOpen.cursor);
    // A arrives; B, which came after the gap, is delivered again (the contract allows twice).
    expect(afterCommit.changes).toEqual([
      { kind: "token-revoked", jti: "jti-a", keepUntil: now + 600 },
      { kind: "token-revoked", jti: "jti-b", keepUntil: now + 600 },
    ]);
    expect((await reader.readChanges(afterCommit.cursor)).changes).toEqual([]);
  });

  it("moves past a rolled-back value once the change after it is older than lateCommitWindow", async () => {
    const { db, pool } = pgDriver(url);
    pools.push(pool);
    const reader = new PostgresStore(db, { lateCommitWindow: 0.3 });
    const now = Date.now() / 1000;
    const { cursor } = await reader.readChanges((await reader.readChanges(undefined)).cursor);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query("BEGIN");
    await client.query("SELECT nextval('public.tessera_change_seq')");
    await client.query("ROLLBACK");
    await client.end();
    await reader.revokeToken("after-rollback", now + 600);
    const held = await reader.readChanges(cursor);
    expect(held.cursor).toBe(cursor);
    await new Promise((resolve) => setTimeout(resolve, 400));
    const moved = await reader.readChanges(held.cursor);
    expect(moved.changes).toEqual([{ kind: "token-revoked", jti: "after-rollback", keepUntil: now + 600 }]);
    expect(moved.cursor).not.toBe(cursor);
    expect((await reader.readChanges(moved.cursor)).changes).toEqual([]);
  });
});
