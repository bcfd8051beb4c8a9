import { invalidSchema } from "./schema-name.js";
import type { PostgresDriver, SqlExecutor } from "./driver.js";
import { toStoreError } from "./errors.js";
import { isSchemaName, namesIn, type Names } from "./names.js";

/** One version of the schema: the statements that bring the one before it here. */
interface Migration {
  readonly version: number;
  readonly statements: (names: Names) => readonly string[];
}

const epochClock = "extract(epoch from clock_timestamp())::float8";

/**
 * The schema's versions, oldest first. A version, once released, never changes: a change to the
 * schema is a new version. Every statement is idempotent (`IF NOT EXISTS`), so a version that
 * was half applied by hand can be applied again.
 */
const migrations: readonly Migration[] = [
  {
    version: 1,
    statements: (n) => [
      `CREATE TABLE IF NOT EXISTS ${n.clients} (
        client_id text COLLATE "C" PRIMARY KEY,
        disabled boolean NOT NULL DEFAULT false,
        secrets jsonb NOT NULL DEFAULT '[]',
        metadata jsonb NOT NULL
      )`,
      `CREATE TABLE IF NOT EXISTS ${n.revokedTokens} (jti text PRIMARY KEY, keep_until float8 NOT NULL)`,
      `CREATE INDEX IF NOT EXISTS tessera_revoked_tokens_keep_until ON ${n.revokedTokens} (keep_until)`,
      `CREATE TABLE IF NOT EXISTS ${n.revokedClients} (
        client_id text PRIMARY KEY,
        issued_before float8 NOT NULL,
        keep_until float8 NOT NULL
      )`,
      `CREATE INDEX IF NOT EXISTS tessera_revoked_clients_keep_until ON ${n.revokedClients} (keep_until)`,
      `CREATE SEQUENCE IF NOT EXISTS ${n.changeSequence}`,
      `CREATE TABLE IF NOT EXISTS ${n.changes} (
        seq bigint PRIMARY KEY DEFAULT nextval('${n.changeSequence}'),
        kind text NOT NULL,
        subject text NOT NULL,
        issued_before float8,
        keep_until float8,
        created_at float8 NOT NULL DEFAULT ${epochClock}
      )`,
      `CREATE INDEX IF NOT EXISTS tessera_changes_created_at ON ${n.changes} (created_at)`,
      `CREATE TABLE IF NOT EXISTS ${n.counters} (key text PRIMARY KEY, count integer NOT NULL, reset_at float8 NOT NULL)`,
      `CREATE INDEX IF NOT EXISTS tessera_counters_reset_at ON ${n.counters} (reset_at)`,
      `CREATE TABLE IF NOT EXISTS ${n.reservations} (key text PRIMARY KEY, until float8 NOT NULL)`,
      `CREATE INDEX IF NOT EXISTS tessera_reservations_until ON ${n.reservations} (until)`,
    ],
  },
  {
    // What the sweep has forgotten of the feed, so that a reader whose cursor is older resets.
    version: 2,
    statements: (n) => [
      `CREATE TABLE IF NOT EXISTS ${n.feedState} (
        id integer PRIMARY KEY CHECK (id = 1),
        forgotten_through bigint NOT NULL
      )`,
      `INSERT INTO ${n.feedState} (id, forgotten_through) VALUES (1, 0) ON CONFLICT (id) DO NOTHING`,
    ],
  },
];

/** The newest schema version this package knows. */
export const schemaVersion: number = migrations[migrations.length - 1]?.version ?? 0;

/** Options of {@link migrate}. */
export interface MigrateOptions {
  /** The schema the tables are made in; created if missing. A lower-case identifier. @defaultValue "public" */
  readonly schema?: string | undefined;
  /**
   * Whether to hold a transaction-scoped advisory lock (`pg_advisory_xact_lock`) while
   * migrating, so that instances starting at once migrate one after the other. Turn it off only
   * on a database without advisory locks (CockroachDB), and then migrate from one process.
   * @defaultValue true
   */
  readonly advisoryLock?: boolean | undefined;
}

/** What {@link migrate} did: the schema version it found and the one it left. */
export interface MigrateResult {
  readonly from: number;
  readonly to: number;
}

/**
 * Thrown by {@link migrate} when the database's schema is newer than this package knows: a newer
 * Tessera migrated it, and this one must not write to it.
 */
export class SchemaVersionError extends Error {
  override readonly name = "SchemaVersionError";
  readonly code = "ERR_TESSERA_SCHEMA_VERSION";
}

/**
 * Brings the stores' tables in `schema` to the newest version, in one transaction: creates the
 * schema, a version table (`tessera_schema_version`) and every table missing, and records each
 * version applied. Safe to call at every start and from several instances at once: they wait
 * for each other on an advisory lock, and a version already applied is skipped.
 *
 * @example
 * ```ts
 * await migrate(db, { schema: "auth" });
 * const store = new PostgresStore(db, { schema: "auth" });
 * ```
 */
export async function migrate(db: PostgresDriver, options: MigrateOptions = {}): Promise<MigrateResult> {
  const { schema = "public", advisoryLock = true } = options;
  if (!isSchemaName(schema)) throw invalidSchema();
  const names = namesIn(schema);
  try {
    return await db.transaction(async (tx) => {
      if (advisoryLock) await tx.query("SELECT pg_advisory_xact_lock($1::int4, $2::int4)", [lockSpace, hash32(schema)]);
      await tx.query(`CREATE SCHEMA IF NOT EXISTS ${names.schema}`, []);
      await tx.query(
        `CREATE TABLE IF NOT EXISTS ${names.version} (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`,
        [],
      );
      const from = await currentVersion(tx, names);
      if (from > schemaVersion) {
        throw new SchemaVersionError(`the schema is at version ${from}, newer than this package's ${schemaVersion}`);
      }
      for (const { version, statements } of migrations) {
        if (version <= from) continue;
        for (const statement of statements(names)) await tx.query(statement, []);
        await tx.query(`INSERT INTO ${names.version} (version) VALUES ($1::int4) ON CONFLICT (version) DO NOTHING`, [version]);
      }
      return { from, to: Math.max(from, schemaVersion) };
    });
  } catch (error) {
    throw toStoreError(error);
  }
}

async function currentVersion(tx: SqlExecutor, names: Names): Promise<number> {
  const { rows } = await tx.query(`SELECT coalesce(max(version), 0)::int4 AS version FROM ${names.version}`, []);
  return Number(rows[0]?.version ?? 0);
}

/** The first key of Tessera's advisory locks: "TESS" in ASCII, as a signed 32-bit integer. */
const lockSpace = 0x54455353 | 0;

/** FNV-1a of `text`, as a signed 32-bit integer: the second key, one lock per schema. */
function hash32(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash | 0;
}
