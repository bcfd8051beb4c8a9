import type { D1DatabaseLike } from "./bindings.js";

/** D1's clock, in seconds since the epoch, with milliseconds: the same for a whole statement. */
export const d1Now = "((julianday('now') - 2440587.5) * 86400.0)";

/** One version of the D1 schema: the statements that bring the one before it here. */
interface D1Migration {
  readonly version: number;
  readonly statements: readonly string[];
}

/** A trigger that records a change in the feed after each `event` on `table`. */
function recordChange(name: string, event: string, table: string, values: string): string {
  return `CREATE TRIGGER IF NOT EXISTS tessera_${name} AFTER ${event} ON ${table} BEGIN
    INSERT INTO tessera_changes (kind, subject, issued_before, keep_until, created_at) VALUES (${values}, ${d1Now});
  END`;
}

/**
 * The schema's versions, oldest first; a released version never changes. Each statement is
 * idempotent (`IF NOT EXISTS`). Changes are recorded by triggers, so each write and its change
 * are one statement; D1 commits one writer at a time, so the feed's numbers commit in order.
 */
const migrations: readonly D1Migration[] = [
  {
    version: 1,
    statements: [
      `CREATE TABLE IF NOT EXISTS tessera_clients (
        client_id TEXT PRIMARY KEY, disabled INTEGER NOT NULL DEFAULT 0, secrets TEXT NOT NULL DEFAULT '[]', metadata TEXT NOT NULL)`,
      "CREATE TABLE IF NOT EXISTS tessera_revoked_tokens (jti TEXT PRIMARY KEY, keep_until REAL NOT NULL)",
      "CREATE INDEX IF NOT EXISTS tessera_revoked_tokens_keep_until ON tessera_revoked_tokens (keep_until)",
      `CREATE TABLE IF NOT EXISTS tessera_revoked_clients (
        client_id TEXT PRIMARY KEY, issued_before REAL NOT NULL, keep_until REAL NOT NULL)`,
      "CREATE INDEX IF NOT EXISTS tessera_revoked_clients_keep_until ON tessera_revoked_clients (keep_until)",
      `CREATE TABLE IF NOT EXISTS tessera_changes (
        seq INTEGER PRIMARY KEY AUTOINCREMENT, kind TEXT NOT NULL, subject TEXT NOT NULL,
        issued_before REAL, keep_until REAL, created_at REAL NOT NULL)`,
      "CREATE INDEX IF NOT EXISTS tessera_changes_created_at ON tessera_changes (created_at)",
      recordChange("client_inserted", "INSERT", "tessera_clients", "'client-changed', NEW.client_id, NULL, NULL"),
      recordChange("client_updated", "UPDATE", "tessera_clients", "'client-changed', NEW.client_id, NULL, NULL"),
      recordChange("client_deleted", "DELETE", "tessera_clients", "'client-changed', OLD.client_id, NULL, NULL"),
      recordChange("token_revoked", "INSERT", "tessera_revoked_tokens", "'token-revoked', NEW.jti, NULL, NEW.keep_until"),
      recordChange("token_revoked_again", "UPDATE", "tessera_revoked_tokens", "'token-revoked', NEW.jti, NULL, NEW.keep_until"),
      recordChange(
        "client_tokens_revoked",
        "INSERT",
        "tessera_revoked_clients",
        "'client-tokens-revoked', NEW.client_id, NEW.issued_before, NEW.keep_until",
      ),
      recordChange(
        "client_tokens_revoked_again",
        "UPDATE",
        "tessera_revoked_clients",
        "'client-tokens-revoked', NEW.client_id, NEW.issued_before, NEW.keep_until",
      ),
    ],
  },
  {
    // What the sweep has forgotten of the feed, so that a reader whose cursor is older resets.
    version: 2,
    statements: [
      "CREATE TABLE IF NOT EXISTS tessera_feed_state (id INTEGER PRIMARY KEY CHECK (id = 1), forgotten_through INTEGER NOT NULL)",
      "INSERT OR IGNORE INTO tessera_feed_state (id, forgotten_through) VALUES (1, 0)",
    ],
  },
];

/**
 * Thrown by {@link migrateD1} when the database's schema is newer than this package knows: a
 * newer Tessera migrated it, and this one must not write to it.
 */
export class SchemaVersionError extends Error {
  override readonly name = "SchemaVersionError";
  readonly code = "ERR_TESSERA_SCHEMA_VERSION";
}

/** The newest D1 schema version this package knows. */
export const d1SchemaVersion: number = migrations[migrations.length - 1]?.version ?? 0;

/**
 * Brings the D1 tables of {@link D1Store} to the newest version: each version's statements and
 * its row in `tessera_schema_version` in one batch, which D1 runs as one transaction. D1 has no
 * advisory locks; instead every statement is idempotent and the version row is written with
 * `INSERT OR IGNORE`, so Workers that migrate at once all succeed. Resolves with the version
 * found and the version left. Run it from a deploy step, or once per isolate before first use.
 *
 * @example
 * ```ts
 * await migrateD1(env.DB);
 * const store = new D1Store(env.DB);
 * ```
 */
export async function migrateD1(db: D1DatabaseLike): Promise<{ readonly from: number; readonly to: number }> {
  await db.batch([
    db.prepare("CREATE TABLE IF NOT EXISTS tessera_schema_version (version INTEGER PRIMARY KEY, applied_at REAL NOT NULL)"),
  ]);
  const { results } = await db.prepare("SELECT coalesce(max(version), 0) AS version FROM tessera_schema_version").all<{ version: number }>();
  const from = Number(results[0]?.version ?? 0);
  if (from > d1SchemaVersion) {
    throw new SchemaVersionError(`the D1 schema is at version ${from}, newer than this package's ${d1SchemaVersion}`);
  }
  for (const { version, statements } of migrations) {
    if (version <= from) continue;
    await db.batch([
      ...statements.map((statement) => db.prepare(statement)),
      db.prepare(`INSERT OR IGNORE INTO tessera_schema_version (version, applied_at) VALUES (?1, ${d1Now})`).bind(version),
    ]);
  }
  return { from, to: Math.max(from, d1SchemaVersion) };
}
