import type { ChangeBatch, Client, ClientPage, ClientSecretHash, StoreChange } from "@tessera/core";
import type { D1DatabaseLike } from "./bindings.js";
import { invalidOption } from "./checks.js";
import { d1Now } from "./d1-migrations.js";

type Row = Record<string, unknown>;

const columns = "client_id, disabled, secrets, metadata";
const cursorPattern = /^d(0|[1-9]\d{0,15})$/;
/** Changes read at most per call. */
const pageSize = 1000;
/** Rows deleted at most per table by one sweep. */
const sweepBatch = 500;

function toParams(client: Client): [string, number, string, string] {
  const { clientId, disabled = false, secrets = [], ...metadata } = JSON.parse(JSON.stringify(client)) as Client;
  return [clientId, disabled ? 1 : 0, JSON.stringify(secrets), JSON.stringify(metadata)];
}

function fromRow(row: Row): Client {
  const metadata = JSON.parse(String(row.metadata)) as Omit<Client, "clientId">;
  const secrets = JSON.parse(String(row.secrets)) as ClientSecretHash[];
  return { ...metadata, clientId: String(row.client_id), secrets, disabled: Number(row.disabled) === 1 };
}

function toChange(row: Row): StoreChange {
  const subject = String(row.subject);
  if (row.kind === "token-revoked") return { kind: "token-revoked", jti: subject, keepUntil: Number(row.keep_until) };
  if (row.kind === "client-tokens-revoked") {
    return { kind: "client-tokens-revoked", clientId: subject, issuedBefore: Number(row.issued_before), keepUntil: Number(row.keep_until) };
  }
  return { kind: "client-changed", clientId: subject };
}

/**
 * The statements of {@link D1Store}, each one statement (changes are recorded by triggers).
 * D1 commits one writer at a time, so a cursor is simply the last number read.
 */
export function d1Statements(db: D1DatabaseLike) {
  const all = async (sql: string, ...values: unknown[]) => (await db.prepare(sql).bind(...values).all<Row>()).results;
  const changed = async (sql: string, ...values: unknown[]) => (await all(`${sql} RETURNING 1 AS changed`, ...values)).length > 0;
  const insert = "INSERT INTO tessera_clients (client_id, disabled, secrets, metadata) VALUES (?1, ?2, ?3, ?4)";
  return {
    async getClient(clientId: string): Promise<Client | undefined> {
      const [row] = await all(`SELECT ${columns} FROM tessera_clients WHERE client_id = ?1`, clientId);
      return row === undefined ? undefined : fromRow(row);
    },
    createClient: (client: Client) => changed(`${insert} ON CONFLICT (client_id) DO NOTHING`, ...toParams(client)),
    putClient: (client: Client) =>
      changed(
        `${insert} ON CONFLICT (client_id) DO UPDATE SET disabled = excluded.disabled, secrets = excluded.secrets, metadata = excluded.metadata`,
        ...toParams(client),
      ),
    updateClient: (client: Client) =>
      changed("UPDATE tessera_clients SET disabled = ?2, secrets = ?3, metadata = ?4 WHERE client_id = ?1", ...toParams(client)),
    setClientDisabled: (clientId: string, disabled: boolean) =>
      changed("UPDATE tessera_clients SET disabled = ?2 WHERE client_id = ?1", clientId, disabled ? 1 : 0),
    // Every secret that expires later than ?3 (or never) is capped at ?3, in order; ?2 is appended.
    rotateClientSecret: (clientId: string, secret: ClientSecretHash, previousExpireAt: number) =>
      changed(
        `UPDATE tessera_clients SET secrets = (
          SELECT json_insert(json_group_array(json(CASE
            WHEN json_extract(value, '$.expiresAt') IS NOT NULL AND json_extract(value, '$.expiresAt') <= ?3 THEN value
            ELSE json_set(value, '$.expiresAt', ?3) END) ORDER BY key), '$[#]', json(?2))
          FROM json_each(tessera_clients.secrets)
        ) WHERE client_id = ?1`,
        clientId,
        JSON.stringify(secret),
        previousExpireAt,
      ),
    deleteClient: (clientId: string) => changed("DELETE FROM tessera_clients WHERE client_id = ?1", clientId),
    async listClients(after: string | undefined, limit: number): Promise<ClientPage> {
      const rows = await all(
        `SELECT ${columns} FROM tessera_clients WHERE ?1 IS NULL OR client_id > ?1 ORDER BY client_id LIMIT ?2`,
        after ?? null,
        limit + 1,
      );
      const page = rows.slice(0, limit).map(fromRow);
      return { clients: page, next: rows.length > limit ? page[page.length - 1]?.clientId : undefined };
    },
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
    async readChanges(cursor: string | undefined): Promise<ChangeBatch> {
      if (cursor === undefined) {
        // One statement: the marks and the cursor come from one snapshot.
        const rows = await all(`
          SELECT 'token-revoked' AS kind, jti AS subject, NULL AS issued_before, keep_until FROM tessera_revoked_tokens WHERE keep_until > ${d1Now}
          UNION ALL SELECT 'client-tokens-revoked', client_id, issued_before, keep_until FROM tessera_revoked_clients WHERE keep_until > ${d1Now}
          UNION ALL SELECT 'cursor', CAST(coalesce(max(seq), 0) AS TEXT), NULL, NULL FROM tessera_changes`);
        const last = rows.find(({ kind }) => kind === "cursor")?.subject ?? "0";
        return { changes: rows.filter(({ kind }) => kind !== "cursor").map(toChange), cursor: `d${String(last)}` };
      }
      if (typeof cursor !== "string" || !cursorPattern.test(cursor)) throw invalidOption("cursor", "is not a cursor of this store");
      const rows = await all(
        `SELECT seq, kind, subject, issued_before, keep_until, ${d1Now} AS now FROM tessera_changes WHERE seq > ?1 ORDER BY seq LIMIT ${pageSize}`,
        Number(cursor.slice(1)),
      );
      const last = rows[rows.length - 1];
      // A revocation whose keepUntil has passed is of no use to a reader; it is left out.
      const live = rows.filter((row) => row.kind === "client-changed" || Number(row.keep_until) > Number(row.now));
      return { changes: live.map(toChange), cursor: last === undefined ? cursor : `d${Number(last.seq)}` };
    },
    /** Deletes expired marks and unneeded feed entries, at most {@link sweepBatch} rows per table, in one transaction. */
    async sweep(changeRetention: number): Promise<void> {
      const expired = (table: string, condition: string) =>
        db.prepare(`DELETE FROM ${table} WHERE rowid IN (SELECT rowid FROM ${table} WHERE ${condition} LIMIT ${sweepBatch})`);
      await db.batch([
        expired("tessera_revoked_tokens", `keep_until <= ${d1Now}`),
        expired("tessera_revoked_clients", `keep_until <= ${d1Now}`),
        expired("tessera_changes", `keep_until <= ${d1Now} OR (kind = 'client-changed' AND created_at < ${d1Now} - ?1)`).bind(changeRetention),
      ]);
    },
  };
}
