import pg from "pg";
import { inject } from "vitest";
import { fromPg } from "./drivers/pg.js";
import type { PostgresDriver } from "./driver.js";

declare module "vitest" {
  export interface ProvidedContext {
    /** Set by the root vitest.config.ts's global setup: POST here for a new database. */
    tesseraPostgres: string;
  }
}

/** A URL to a new, empty database on the test run's one PostgreSQL server. */
export async function testDatabase(): Promise<string> {
  const response = await fetch(inject("tesseraPostgres"), { method: "POST" });
  if (!response.ok) throw new Error(`no test database: ${await response.text()}`);
  return ((await response.json()) as { url: string }).url;
}

/** A pool on `url` as a driver, and the pool to end. */
export function pgDriver(url: string, max = 5): { db: PostgresDriver; pool: pg.Pool } {
  const pool = new pg.Pool({ connectionString: url, max });
  pool.on("error", () => {}); // a test that kills connections expects their errors
  return { db: fromPg(pool), pool };
}
