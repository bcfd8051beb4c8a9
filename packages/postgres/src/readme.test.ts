// The README's quick start, as written there, against the test run's PostgreSQL.
import pg from "pg";
import { afterAll, expect, it } from "vitest";
import { fromPg, migrate, PostgresStore } from "./index.js";
import { testDatabase } from "./test-database.test.helpers.js";

let pool: pg.Pool | undefined;
afterAll(async () => {
  await pool?.end();
});

it("runs the README's quick start", async () => {
  const connectionString = await testDatabase();
  pool = new pg.Pool({ connectionString });
  pool.on("error", (error) => console.error(error)); // idle connections that fail
  const db = fromPg(pool);
  await migrate(db); // at every start: safe from several instances at once
  const store = new PostgresStore(db);

  await store.putClient({ clientId: "billing", grantTypes: ["client_credentials"], scopes: ["invoices:read"] });
  await store.revokeToken("a-jti", Math.floor(Date.now() / 1000) + 3600);

  expect(await store.getClient("billing")).toMatchObject({ clientId: "billing", disabled: false, secrets: [] });
  expect(await store.isRevoked({ jti: "a-jti", clientId: "billing", issuedAt: 0 })).toBe(true);
});
