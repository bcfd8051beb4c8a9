import type { D1DatabaseLike } from "./bindings.js";

/** A row as D1 returns it. */
export type Row = Record<string, unknown>;

/** Runs one statement on `db` and resolves with its rows; `changed` with whether it returned any. */
export function d1Query(db: D1DatabaseLike) {
  const all = async (sql: string, ...values: unknown[]) => (await db.prepare(sql).bind(...values).all<Row>()).results;
  const changed = async (sql: string, ...values: unknown[]) => (await all(`${sql} RETURNING 1 AS changed`, ...values)).length > 0;
  return { all, changed };
}
