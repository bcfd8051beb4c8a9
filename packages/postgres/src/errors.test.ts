import { TemporarilyUnavailableError } from "@tessera/core";
import pg from "pg";
import postgres from "postgres";
import { describe, expect, it } from "vitest";
import { fromPg } from "./drivers/pg.js";
import { fromPostgresJs } from "./drivers/postgres-js.js";
import { isUnavailable } from "./errors.js";
import { migrate } from "./migrations.js";
import { PostgresStore } from "./postgres-store.js";
import { pgDriver, testDatabase } from "./test-database.test.helpers.js";

/** A URL to a port nothing listens on, with a password that must never reach a message. */
const unreachable = "postgres://tessera:hunter2-password@127.0.0.1:9/tessera";

describe("a database out of reach", () => {
  it("rejects with TemporarilyUnavailableError through pg, naming no password", async () => {
    const pool = new pg.Pool({ connectionString: unreachable, connectionTimeoutMillis: 2000 });
    const store = new PostgresStore(fromPg(pool));
    const error = await store.reserve("key", Date.now() / 1000 + 60).catch((thrown: unknown) => thrown);
    await pool.end();
    expect(error).toBeInstanceOf(TemporarilyUnavailableError);
    expect(error).toMatchObject({ message: "PostgreSQL is out of reach", retryAfter: 1 });
    expect((error as Error).cause).toBeDefined();
    expect(String((error as Error).message)).not.toContain("hunter2");
  });

  it("rejects with TemporarilyUnavailableError through postgres.js, and from migrate", async () => {
    const sql = postgres(unreachable, { connect_timeout: 2, max: 1 });
    const db = fromPostgresJs(sql);
    await expect(new PostgresStore(db).isRevoked({ jti: "j", clientId: "c", issuedAt: 0 })).rejects.toBeInstanceOf(TemporarilyUnavailableError);
    await expect(migrate(db)).rejects.toBeInstanceOf(TemporarilyUnavailableError);
    await sql.end({ timeout: 1 });
  });

  it("rejects with TemporarilyUnavailableError when a statement does not answer within timeout", async () => {
    const hanging = { query: () => new Promise<never>(() => {}), transaction: () => new Promise<never>(() => {}) };
    const store = new PostgresStore(hanging, { timeout: 0.05 });
    const error = await store.peek("key").catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(TemporarilyUnavailableError);
    expect(error).toMatchObject({ message: "PostgreSQL did not answer in time", retryAfter: 1 });
    expect(() => new PostgresStore(hanging, { timeout: 0 })).toThrow(/^timeout: /);
  });

  it("becomes TemporarilyUnavailableError when the server ends its connection", async () => {
    const url = await testDatabase();
    const { db: admin, pool } = pgDriver(url, 1);
    await migrate(admin);
    const client = new pg.Client({ connectionString: url });
    client.on("error", () => {}); // the termination below is expected
    await client.connect();
    const store = new PostgresStore({
      query: (text, params) => client.query(text, [...params]),
      transaction: () => Promise.reject(new Error("not used")),
    });
    const pid = (await client.query("SELECT pg_backend_pid() AS pid")).rows[0]?.pid;
    await admin.query("SELECT pg_terminate_backend($1::int4)", [pid]);
    const error = await store.peek("key").catch((thrown: unknown) => thrown);
    await pool.end();
    await client.end().catch(() => undefined);
    expect(error).toBeInstanceOf(TemporarilyUnavailableError);
  });

  it("leaves a failing statement as it is: a bug, not an outage", async () => {
    expect(isUnavailable({ code: "42P01", message: 'relation "x" does not exist' })).toBe(false);
    expect(isUnavailable({ code: "57P01", message: "terminating connection due to administrator command" })).toBe(true);
    expect(isUnavailable({ code: "08006" })).toBe(true);
    expect(isUnavailable(new Error("Connection terminated unexpectedly"))).toBe(true);
    const url = await testDatabase();
    const { db, pool } = pgDriver(url, 1);
    const error = await new PostgresStore(db).peek("key").catch((thrown: unknown) => thrown); // not migrated
    await pool.end();
    expect(error).not.toBeInstanceOf(TemporarilyUnavailableError);
    expect(error).toMatchObject({ code: "42P01" });
  });
});
