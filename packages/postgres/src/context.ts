import type { SqlExecutor, SqlRow, SqlValue } from "./driver.js";
import { notAnsweredInTime, toStoreError } from "./errors.js";
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

/**
 * {@link StoreContext.run} on `db`: a statement that has not answered within `timeout` seconds
 * rejects with `TemporarilyUnavailableError` (it may still complete; its result is dropped), so
 * that a database out of reach is answered 503 rather than waited for while a driver reconnects.
 */
export function runner(db: SqlExecutor, timeout: number): StoreContext["run"] {
  return async (text, params) => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(notAnsweredInTime()), timeout * 1000);
    });
    try {
      return (await Promise.race([db.query(text, params), late])).rows;
    } catch (error) {
      throw toStoreError(error);
    } finally {
      clearTimeout(timer);
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
