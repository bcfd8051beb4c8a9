import type { StoreContext } from "./context.js";
import { dbNow } from "./names.js";

/** Rows deleted at most per table by one sweep. */
export const sweepBatch = 500;

/**
 * One statement that deletes, from each table, at most {@link sweepBatch} rows that have
 * expired: revocation marks past `keep_until`, counter windows past `reset_at`, reservations
 * past `until`, and settled feed entries no reader needs (revocations past `keep_until`, client
 * changes older than the retention). Each delete checks expiry on the row it deletes as well, so
 * a row renewed while the sweep runs is kept. The newest `client-changed` entry deleted moves
 * `forgotten_through` forward, in the same statement, so that a reader whose cursor is older is
 * told to reset. Parameters: the late-commit window and the change retention, in seconds.
 * Resolves with the number of rows deleted.
 */
export function sweepStatement({ names: n }: Pick<StoreContext, "names">): string {
  const expired = (table: string, key: string, condition: string) =>
    `DELETE FROM ${table} WHERE ${key} IN (SELECT ${key} FROM ${table} WHERE ${condition} LIMIT ${sweepBatch}) AND ${condition} RETURNING 1`;
  const settled = `created_at < ${dbNow} - $1::float8`;
  const unneeded = `${settled} AND (keep_until <= ${dbNow} OR (kind = 'client-changed' AND created_at < ${dbNow} - $2::float8))`;
  return `WITH
    a AS (${expired(n.revokedTokens, "jti", `keep_until <= ${dbNow}`)}),
    b AS (${expired(n.revokedClients, "client_id", `keep_until <= ${dbNow}`)}),
    c AS (${expired(n.counters, "key", `reset_at <= ${dbNow}`)}),
    d AS (${expired(n.reservations, "key", `until <= ${dbNow}`)}),
    e AS (DELETE FROM ${n.changes} WHERE seq IN (SELECT seq FROM ${n.changes} WHERE ${unneeded} LIMIT ${sweepBatch})
      AND ${unneeded} RETURNING seq, kind),
    f AS (UPDATE ${n.feedState} SET forgotten_through = greatest(forgotten_through, (SELECT max(seq) FROM e WHERE kind = 'client-changed'))
      WHERE id = 1 AND EXISTS (SELECT 1 FROM e WHERE kind = 'client-changed') RETURNING 1)
    SELECT ((SELECT count(*) FROM a) + (SELECT count(*) FROM b) + (SELECT count(*) FROM c)
      + (SELECT count(*) FROM d) + (SELECT count(*) FROM e))::int4 AS deleted`;
}
