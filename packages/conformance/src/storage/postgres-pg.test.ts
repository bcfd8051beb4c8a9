import { fromPg } from "@tessera/postgres";
import pg from "pg";
import { openPostgresStore } from "./postgres-fixture.js";
import { postgresDatabase } from "./postgres-database.js";
import { describeStoreConformance } from "./vitest-runner.js";

describeStoreConformance("PostgreSQL through pg (node-postgres), three pools", { watch: true }, async () => {
  const url = await postgresDatabase();
  return openPostgresStore(async () => {
    const pool = new pg.Pool({ connectionString: url, max: 8 });
    return { db: fromPg(pool), close: () => pool.end() };
  }, 3);
});
