import type { PostgresDriver, SqlExecutor, SqlRow, SqlValue } from "../driver.js";

/** What {@link fromPglite} uses of a PGlite instance or transaction. */
export interface PgliteQueryable {
  query(query: string, params?: SqlValue[]): Promise<{ rows: SqlRow[] }>;
}

/** What {@link fromPglite} uses of a PGlite instance. */
export interface Pglite extends PgliteQueryable {
  transaction<T>(work: (transaction: PgliteQueryable) => Promise<T>): Promise<T>;
  listen(channel: string, callback: (payload: string) => void): Promise<() => Promise<void>>;
}

/**
 * A {@link PostgresDriver} on PGlite (`@electric-sql/pglite`), PostgreSQL in WebAssembly: one
 * connection, in process, for tests, local development and single-process deployments.
 *
 * @example
 * ```ts
 * import { PGlite } from "@electric-sql/pglite";
 * const db = fromPglite(new PGlite());
 * ```
 */
export function fromPglite(pglite: Pglite): PostgresDriver {
  const executor = (queryable: PgliteQueryable): SqlExecutor => ({
    query: (text, params) => queryable.query(text, [...params]),
  });
  return {
    ...executor(pglite),
    transaction: (work) => pglite.transaction((transaction) => work(executor(transaction))),
    listen: (channel, onNotification) => pglite.listen(channel, () => onNotification()),
  };
}
