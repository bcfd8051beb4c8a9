import type { CounterState } from "@tessera/core";
import type { StoreContext } from "./context.js";
import type { SqlRow } from "./driver.js";
import { dbNow } from "./names.js";

function toState(row: SqlRow): CounterState {
  return { count: Number(row.count), resetAt: Number(row.reset_at) };
}

/** The statements of `CounterStore` and `ReplayStore` on PostgreSQL; see `PostgresStore`. */
export function counterStatements(context: StoreContext) {
  const { counters, reservations } = context.names;
  // One upsert: concurrent hits queue on the row lock and each counts on the row the last left.
  const hit = `INSERT INTO ${counters} AS c (key, count, reset_at) VALUES ($1::text, 1, ${dbNow} + $2::float8)
    ON CONFLICT (key) DO UPDATE SET
      count = CASE WHEN c.reset_at <= ${dbNow} THEN 1 ELSE c.count + 1 END,
      reset_at = CASE WHEN c.reset_at <= ${dbNow} THEN ${dbNow} + $2::float8 ELSE c.reset_at END
    RETURNING count, reset_at`;
  // First writer wins: a conflicting insert updates the row only if its reservation has ended,
  // and returns a row only if it inserted or updated.
  const reserve = `INSERT INTO ${reservations} AS r (key, until) VALUES ($1::text, $2::float8)
    ON CONFLICT (key) DO UPDATE SET until = excluded.until WHERE r.until <= ${dbNow}
    RETURNING true AS won`;
  return {
    async hit(key: string, windowSeconds: number): Promise<CounterState> {
      const [row] = await context.run(hit, [key, windowSeconds]);
      await context.wrote();
      if (row === undefined) throw new Error("the counter upsert returned no row");
      return toState(row);
    },
    async peek(key: string): Promise<CounterState | undefined> {
      const [row] = await context.run(`SELECT count, reset_at FROM ${counters} WHERE key = $1::text AND reset_at > ${dbNow}`, [key]);
      return row === undefined ? undefined : toState(row);
    },
    async reset(key: string): Promise<void> {
      await context.run(`DELETE FROM ${counters} WHERE key = $1::text`, [key]);
    },
    async reserve(key: string, until: number): Promise<boolean> {
      const rows = await context.run(reserve, [key, until]);
      if (rows.length > 0) await context.wrote();
      return rows.length > 0;
    },
  };
}
