import type { ChangeBatch, StoreChange } from "@tessera/core";
import { invalidOption } from "@tessera/core/store";
import type { StoreContext } from "./context.js";
import type { SqlRow } from "./driver.js";
import { dbNow } from "./names.js";

/** Changes read at most per call. */
const pageSize = 1000;

const cursorPattern = /^p(0|[1-9]\d{0,15})$/;

function toChange(row: SqlRow): StoreChange {
  const subject = String(row.subject);
  const keepUntil = Number(row.keep_until);
  switch (row.kind) {
    case "token-revoked":
      return { kind: "token-revoked", jti: subject, keepUntil };
    case "client-tokens-revoked":
      return { kind: "client-tokens-revoked", clientId: subject, issuedBefore: Number(row.issued_before), keepUntil };
    default:
      return { kind: "client-changed", clientId: subject };
  }
}

/**
 * The cursor after `rows` (in order of `seq`, all after `after`): the last row before the first
 * gap that may still fill. Sequence values are drawn in one order and committed in another, so a
 * missing value may be a write still in flight; it is waited for until the row after it is older
 * than the late-commit window (then it was rolled back or pruned). Rows past such a gap are
 * delivered now and again on the next read: a change may arrive twice, never not at all.
 */
export function cursorAfter(after: number, rows: readonly { readonly seq: number; readonly settled: boolean }[]): number {
  let cursor = after;
  for (const { seq, settled } of rows) {
    if (seq !== cursor + 1 && !settled) break;
    cursor = seq;
  }
  return cursor;
}

/** `ChangeFeed.readChanges` on PostgreSQL; see `PostgresStore`. */
export function changeFeedStatements(context: StoreContext) {
  const { changes, revokedTokens, revokedClients, feedState } = context.names;
  const settledBefore = (param: string) => `${dbNow} - ${param}::float8`;
  // One statement, so the marks and the cursor come from one snapshot. The cursor is the last
  // change that cannot still be in flight (never before what the sweep has forgotten, which would
  // reset again): what came after it is read again, possibly twice.
  const snapshot = `
    SELECT 'token-revoked' AS kind, jti AS subject, NULL::float8 AS issued_before, keep_until FROM ${revokedTokens} WHERE keep_until > ${dbNow}
    UNION ALL
    SELECT 'client-tokens-revoked', client_id, issued_before, keep_until FROM ${revokedClients} WHERE keep_until > ${dbNow}
    UNION ALL
    SELECT 'cursor', greatest(coalesce(max(seq), 0), (SELECT forgotten_through FROM ${feedState} WHERE id = 1))::text, NULL, NULL
    FROM ${changes} WHERE created_at < ${settledBefore("$1")}`;
  // With the changes, a row of kind 'forgotten' when the sweep has deleted a client-changed
  // entry after the cursor: the reader must reset.
  const after = `
    SELECT forgotten_through::float8 AS seq, 'forgotten' AS kind, '' AS subject, NULL::float8 AS issued_before,
      NULL::float8 AS keep_until, true AS settled, ${dbNow} AS now
    FROM ${feedState} WHERE id = 1 AND forgotten_through > $1::int8
    UNION ALL (
      SELECT seq::float8, kind, subject, issued_before, keep_until, created_at < ${settledBefore("$2")}, ${dbNow}
      FROM ${changes} WHERE seq > $1::int8 ORDER BY seq LIMIT ${pageSize})`;
  return {
    async read(cursor: string | undefined): Promise<ChangeBatch> {
      const readSnapshot = async (): Promise<ChangeBatch> => {
        const rows = await context.run(snapshot, [context.lateCommitWindow]);
        const marks = rows.filter(({ kind }) => kind !== "cursor").map(toChange);
        const last = rows.find(({ kind }) => kind === "cursor")?.subject ?? "0";
        return { changes: marks, cursor: `p${String(last)}` };
      };
      if (cursor === undefined) return readSnapshot();
      if (typeof cursor !== "string" || !cursorPattern.test(cursor)) throw invalidOption("cursor", "is not a cursor of this store");
      const from = Number(cursor.slice(1));
      const rows = await context.run(after, [from, context.lateCommitWindow]);
      if (rows.some(({ kind }) => kind === "forgotten")) return { ...(await readSnapshot()), reset: true };
      const next = cursorAfter(
        from,
        rows.map((row) => ({ seq: Number(row.seq), settled: row.settled === true })),
      );
      // A revocation whose keepUntil has passed is of no use to a reader; it is left out.
      const live = rows.filter((row) => row.kind === "client-changed" || Number(row.keep_until) > Number(row.now));
      return { changes: live.map(toChange), cursor: `p${next}` };
    },
  };
}
