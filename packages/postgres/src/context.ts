import type { SqlExecutor, SqlRow, SqlValue } from "./driver.js";
import { toStoreError } from "./errors.js";
import type { Names } from "./names.js";

/** What the statements of each store share: the database, the names, and the feed's settings. */
export interface StoreContext {
  readonly names: Names;
  /** The SQL expression that a write selects once per changed row: a `NOTIFY`, or `NULL` when off. */
  readonly notify: string;
  /** Seconds a change may take to commit after its sequence value was drawn. */
  readonly lateCommitWindow: number;
  /** Seconds a `client-changed` entry stays in the feed. */
  readonly changeRetention: number;
  /** Runs one statement; a database out of reach rejects with `TemporarilyUnavailableError`. */
  run(text: string, params: readonly SqlValue[]): Promise<readonly SqlRow[]>;
  /** Counts a write that leaves rows to expire; every so many, sweeps expired rows out. */
  wrote(): Promise<void>;
}

/** {@link StoreContext.run} on `db`. */
export function runner(db: SqlExecutor): StoreContext["run"] {
  return async (text, params) => {
    try {
      return (await db.query(text, params)).rows;
    } catch (error) {
      throw toStoreError(error);
    }
  };
}

/**
 * A statement that runs `write` (a data-modifying statement returning `columns`) and, for each
 * row it returned, records a change and sends a notification: one statement, so the write, its
 * change and its `NOTIFY` commit together or not at all. Resolves to one row per changed row.
 */
export function withChange(context: Pick<StoreContext, "names" | "notify">, write: string, change: string): string {
  return `WITH w AS (${write}), c AS (INSERT INTO ${context.names.changes} (kind, subject, issued_before, keep_until) ${change} FROM w)
    SELECT ${context.notify} AS notified FROM w`;
}
