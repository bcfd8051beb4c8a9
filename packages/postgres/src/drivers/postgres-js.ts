import { invalidOption } from "@tessera/core/store";
import type { PostgresDriver, SqlExecutor, SqlRow, SqlValue } from "../driver.js";

/** What {@link fromPostgresJs} uses of a postgres.js `sql` instance or transaction. */
export interface PostgresJsQueryable {
  unsafe(query: string, parameters?: SqlValue[], queryOptions?: { prepare?: boolean }): PromiseLike<readonly SqlRow[]>;
}

/** Options of {@link fromPostgresJs}. */
export interface PostgresJsDriverOptions {
  /**
   * Whether each statement is prepared once per connection and reused (the stores run a few
   * fixed statements: about three times the throughput, a third of the CPU, of parsing each
   * time). Turn it off behind a pooler in transaction mode that cannot keep prepared statements
   * (PgBouncer before 1.21, or without `max_prepared_statements`). @defaultValue true
   */
  readonly prepare?: boolean | undefined;
}

/** What {@link fromPostgresJs} uses of a postgres.js `sql` instance. */
export interface PostgresJsSql extends PostgresJsQueryable {
  begin<T>(work: (sql: PostgresJsQueryable) => T | Promise<T>): Promise<unknown>;
  listen(channel: string, onNotify: (payload: string) => void, onListen?: () => void): Promise<{ unlisten(): Promise<unknown> }>;
}

/**
 * A {@link PostgresDriver} on postgres.js (`postgres`), which also runs on Deno, Bun and
 * Cloudflare Workers. `LISTEN` uses postgres.js's own listening connection, which reconnects by
 * itself: each time it listens again, the listener is called, so that a reader catches up on
 * what was written while it was down.
 *
 * @example
 * ```ts
 * import postgres from "postgres";
 * const db = fromPostgresJs(postgres(process.env.DATABASE_URL));
 * ```
 */
export function fromPostgresJs(sql: PostgresJsSql, options: PostgresJsDriverOptions = {}): PostgresDriver {
  const { prepare = true } = options;
  if (typeof prepare !== "boolean") throw invalidOption("prepare", "must be a boolean");
  const executor = (queryable: PostgresJsQueryable): SqlExecutor => ({
    query: async (text, params) => ({ rows: await queryable.unsafe(text, [...params], { prepare }) }),
  });
  return {
    ...executor(sql),
    async transaction<T>(work: (transaction: SqlExecutor) => Promise<T>): Promise<T> {
      let result: T | undefined;
      await sql.begin(async (transaction) => {
        result = await work(executor(transaction));
      });
      return result as T;
    },
    async listen(channel, onNotification) {
      let listening = false;
      const meta = await sql.listen(channel, () => onNotification(), () => {
        if (listening) onNotification(); // listening again after a reconnection
        listening = true;
      });
      return async () => void (await meta.unlisten());
    },
  };
}
