import { PGlite } from "@electric-sql/pglite";
import { fromPglite } from "@tessera/postgres";
import { openPostgresStore } from "./postgres-fixture.js";
import { describeStoreConformance } from "./vitest-runner.js";

describeStoreConformance("PGlite (PostgreSQL in WebAssembly, one connection)", { watch: true }, async () => {
  return openPostgresStore(async () => {
    const pglite = new PGlite();
    return { db: fromPglite(pglite), close: () => pglite.close() };
  }, 1);
});
