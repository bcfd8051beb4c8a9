/**
 * A value bound to a query parameter. Every statement casts each parameter, JSON through `text`
 * (`$1::text::jsonb`), so a driver that types parameters by what the server expects (postgres.js)
 * sends them as they are.
 */
export type SqlValue = string | number | boolean | null;

/** A row as the driver returns it: column name to value. */
export type SqlRow = Readonly<Record<string, unknown>>;

/** Runs one parameterised statement (`$1`, `$2`, …) and resolves with its rows. */
export interface SqlExecutor {
  query(text: string, params: readonly SqlValue[]): Promise<{ readonly rows: readonly SqlRow[] }>;
}

/**
 * The least the stores need of a PostgreSQL driver: statements, transactions for migrations,
 * and optionally `LISTEN` for {@link PostgresStore.watch}. `fromPg`, `fromPostgresJs` and
 * `fromPglite` make one from node-postgres, postgres.js and PGlite; any other driver can be
 * adapted in a few lines.
 */
export interface PostgresDriver extends SqlExecutor {
  /**
   * Runs `work` in one transaction on one connection: committed when it resolves, rolled back
   * when it rejects.
   */
  transaction<T>(work: (transaction: SqlExecutor) => Promise<T>): Promise<T>;
  /**
   * Listens on `channel` (a lower-case identifier, used unquoted) on a connection of its own,
   * calling `onNotification` for each notification, and `onError` once if that connection fails.
   * Resolves, once listening, with a function that stops. Optional: without it, readers poll.
   */
  listen?(channel: string, onNotification: () => void, onError: (error: unknown) => void): Promise<() => Promise<void>>;
}
