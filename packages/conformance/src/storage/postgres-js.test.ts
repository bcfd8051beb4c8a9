import { fromPostgresJs } from "@tessera/postgres";
import postgres from "postgres";
import { openPostgresStore } from "./postgres-fixture.js";
import { postgresDatabase } from "./postgres-database.js";
import { describeStoreConformance } from "./vitest-runner.js";

describeStoreConformance("PostgreSQL through postgres.js, three instances", { watch: true }, async () => {
  const url = await postgresDatabase();
  return openPostgresStore(async () => {
    const sql = postgres(url, { max: 8, onnotice: () => {} });
    return { db: fromPostgresJs(sql), close: () => sql.end({ timeout: 5 }) };
  }, 3);
});
