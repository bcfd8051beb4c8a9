/**
 * `@tessera/example-config/postgres`: the database of `OAUTH_DATABASE_URL`, opened with
 * postgres.js — the one PostgreSQL driver that runs on Node, Deno and Bun alike (and on Workers),
 * in plain JavaScript with no native part and no dependency, so the same example code runs on all
 * three. Apart from the main entry, so that an example that cannot open a database (the Worker)
 * does not bundle a driver.
 *
 * @packageDocumentation
 */
import { fromPostgresJs, migrate, PostgresStore } from "@tessera/postgres";
import postgres from "postgres";
import { ConfigError } from "./config-error.js";
import type { Database } from "./stores.js";

/**
 * Connects to the database `url` names, applies the stores' migrations (safe from several
 * instances starting at once) and returns its stores. A database that cannot be reached or used
 * rejects with a {@link ConfigError} naming `OAUTH_DATABASE_URL` and the error's code, never the
 * URL, which holds a password.
 */
export async function openPostgres(url: string): Promise<Database> {
  const sql = postgres(url, {
    max: 10,
    // Fail fast while the database is down, so requests get 503 rather than wait: the stores
    // turn a refused or lost connection into TemporarilyUnavailableError, and a statement that
    // waits longer than their timeout (3 s) too. Reconnect at least every second, so service
    // comes back within a second of the database (postgres.js waits up to 20 s by default).
    connect_timeout: 5,
    backoff: (retries: number) => Math.min(0.1 * 2 ** retries, 1),
    onnotice: () => {},
  });
  const db = fromPostgresJs(sql);
  try {
    await migrate(db);
  } catch (error) {
    await sql.end({ timeout: 0 }).catch(() => undefined);
    throw new ConfigError("OAUTH_DATABASE_URL", `cannot use the database (${describe(error)})`);
  }
  const store = new PostgresStore(db, { onError: (error) => console.error(`tessera: a sweep of the database failed (${describe(error)})`) });
  return {
    clients: store,
    revocations: store,
    changes: store,
    counters: store,
    replay: store,
    close: () => sql.end({ timeout: 5 }),
  };
}

/** An error as its code (`ECONNREFUSED`, a SQLSTATE) or its type: never its message, which may quote the URL. */
function describe(error: unknown): string {
  const cause = (error as { cause?: unknown } | null)?.cause ?? error;
  const code = (cause as { code?: unknown } | null)?.code;
  if (typeof code === "string") return code;
  return cause instanceof Error ? cause.name : typeof cause;
}
