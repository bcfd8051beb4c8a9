import type { PostgresDriver, SqlExecutor, SqlRow, SqlValue } from "../driver.js";

/** What {@link fromPostgresJs} uses of a postgres.js `sql` instance or transaction. */
export interface PostgresJsQueryable {
  unsafe(query: string, parameters?: SqlValue[]): PromiseLike<readonly SqlRow[]>;
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
export function fromPostgresJs(sql: PostgresJsSql): PostgresDriver {
  const executor = (queryable: PostgresJsQueryable): SqlExecutor => ({
    query: async (text, params) => ({ rows: await queryable.unsafe(text, [...params]) }),
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
