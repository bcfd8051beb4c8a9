import type { ChangeBatch, StoreChange } from "@tessera/core";
import { invalidOption } from "@tessera/core/store";
import type { D1DatabaseLike } from "./bindings.js";
import { d1Now } from "./d1-migrations.js";
import { d1Query, type Row } from "./d1-query.js";

const cursorPattern = /^d(0|[1-9]\d{0,15})$/;
/** Changes read at most per call. */
const pageSize = 1000;
/** Rows deleted at most per table by one sweep. */
const sweepBatch = 500;

function toChange(row: Row): StoreChange {
  const subject = String(row.subject);
  if (row.kind === "token-revoked") return { kind: "token-revoked", jti: subject, keepUntil: Number(row.keep_until) };
  if (row.kind === "client-tokens-revoked") {
    return { kind: "client-tokens-revoked", clientId: subject, issuedBefore: Number(row.issued_before), keepUntil: Number(row.keep_until) };
  }
  return { kind: "client-changed", clientId: subject };
}

/**
 * The revocation, change feed and sweep statements of {@link D1Store}, each one statement
 * (triggers record the changes). D1 commits one writer at a time, so a cursor is simply the
 * last number read.
 */
export function d1RevocationStatements(db: D1DatabaseLike) {
  const { all, changed } = d1Query(db);
  return {
    revokeToken: (jti: string, keepUntil: number) =>
      changed(
        `INSERT INTO tessera_revoked_tokens (jti, keep_until) VALUES (?1, ?2)
         ON CONFLICT (jti) DO UPDATE SET keep_until = excluded.keep_until WHERE keep_until < excluded.keep_until`,
        jti,
        keepUntil,
      ),
    revokeClientTokens: (clientId: string, issuedBefore: number, keepUntil: number) =>
      changed(
        `INSERT INTO tessera_revoked_clients (client_id, issued_before, keep_until) VALUES (?1, ?2, ?3)
         ON CONFLICT (client_id) DO UPDATE SET
           issued_before = max(issued_before, excluded.issued_before), keep_until = max(keep_until, excluded.keep_until)
         WHERE issued_before < excluded.issued_before OR keep_until < excluded.keep_until`,
        clientId,
        issuedBefore,
        keepUntil,
      ),
    async isRevoked(jti: string, clientId: string, issuedAt: number): Promise<boolean> {
      const [row] = await all(
        `SELECT EXISTS (SELECT 1 FROM tessera_revoked_tokens WHERE jti = ?1 AND keep_until > ${d1Now})
           OR EXISTS (SELECT 1 FROM tessera_revoked_clients WHERE client_id = ?2 AND issued_before > ?3 AND keep_until > ${d1Now}) AS revoked`,
        jti,
        clientId,
        issuedAt,
      );
      return Number(row?.revoked) === 1;
    },
    readChanges: (cursor: string | undefined) => readChanges(all, cursor),
    /**
     * Deletes expired marks and unneeded feed entries, at most {@link sweepBatch} rows per table,
     * oldest first, in one transaction, moving `forgotten_through` to the newest `client-changed`
     * entry deleted first (the same rows: one transaction). Resolves with the rows deleted.
     */
    async sweep(changeRetention: number): Promise<number> {
      const oldest = (table: string, condition: string) => `SELECT rowid FROM ${table} WHERE ${condition} ORDER BY rowid LIMIT ${sweepBatch}`;
      const expired = (table: string, condition: string) => db.prepare(`DELETE FROM ${table} WHERE rowid IN (${oldest(table, condition)})`);
      const unneeded = `keep_until <= ${d1Now} OR (kind = 'client-changed' AND created_at < ${d1Now} - ?1)`;
      const results = await db.batch([
        expired("tessera_revoked_tokens", `keep_until <= ${d1Now}`),
        expired("tessera_revoked_clients", `keep_until <= ${d1Now}`),
        db
          .prepare(
            `UPDATE tessera_feed_state SET forgotten_through = max(forgotten_through, coalesce((SELECT max(seq) FROM tessera_changes
               WHERE kind = 'client-changed' AND rowid IN (${oldest("tessera_changes", unneeded)})), 0)) WHERE id = 1`,
          )
          .bind(changeRetention),
        expired("tessera_changes", unneeded).bind(changeRetention),
      ]);
      const deleted = (result: unknown) => Number((result as { meta?: { changes?: unknown } } | undefined)?.meta?.changes ?? 0);
      return deleted(results[0]) + deleted(results[1]) + deleted(results[3]);
    },
  };
}

/**
 * Revocations and client changes after `cursor`; without one, every revocation still kept and the
 * cursor. A cursor older than a `client-changed` entry the sweep has deleted gets `reset: true`
 * and the revocations kept, as without a cursor.
 */
async function readChanges(all: ReturnType<typeof d1Query>["all"], cursor: string | undefined): Promise<ChangeBatch> {
  const snapshot = async (): Promise<ChangeBatch> => {
    // One statement: the marks and the cursor come from one snapshot. The cursor is never before
    // what the sweep has forgotten, which would reset again.
    const rows = await all(`
      SELECT 'token-revoked' AS kind, jti AS subject, NULL AS issued_before, keep_until FROM tessera_revoked_tokens WHERE keep_until > ${d1Now}
      UNION ALL SELECT 'client-tokens-revoked', client_id, issued_before, keep_until FROM tessera_revoked_clients WHERE keep_until > ${d1Now}
      UNION ALL SELECT 'cursor', CAST(max(coalesce((SELECT max(seq) FROM tessera_changes), 0),
        coalesce((SELECT forgotten_through FROM tessera_feed_state WHERE id = 1), 0)) AS TEXT), NULL, NULL`);
    const last = rows.find(({ kind }) => kind === "cursor")?.subject ?? "0";
    return { changes: rows.filter(({ kind }) => kind !== "cursor").map(toChange), cursor: `d${String(last)}` };
  };
  if (cursor === undefined) return snapshot();
  if (typeof cursor !== "string" || !cursorPattern.test(cursor)) throw invalidOption("cursor", "is not a cursor of this store");
  const rows = await all(
    `SELECT forgotten_through AS seq, 'forgotten' AS kind, '' AS subject, NULL AS issued_before, NULL AS keep_until, ${d1Now} AS now
       FROM tessera_feed_state WHERE id = 1 AND forgotten_through > ?1
     UNION ALL SELECT * FROM (SELECT seq, kind, subject, issued_before, keep_until, ${d1Now} AS now
       FROM tessera_changes WHERE seq > ?1 ORDER BY seq LIMIT ${pageSize})`,
    Number(cursor.slice(1)),
  );
  if (rows.some(({ kind }) => kind === "forgotten")) return { ...(await snapshot()), reset: true };
  const last = rows[rows.length - 1];
  // A revocation whose keepUntil has passed is of no use to a reader; it is left out.
  const live = rows.filter((row) => row.kind === "client-changed" || Number(row.keep_until) > Number(row.now));
  return { changes: live.map(toChange), cursor: last === undefined ? cursor : `d${Number(last.seq)}` };
}
