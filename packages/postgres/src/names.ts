/** A schema name the stores accept: a lower-case identifier, so it needs no quoting anywhere. */
const schemaName = /^[a-z_][a-z0-9_]{0,39}$/;

/** Whether `value` is a schema name the stores accept. */
export function isSchemaName(value: unknown): value is string {
  return typeof value === "string" && schemaName.test(value);
}

/** The qualified names of the stores' tables in one schema, and its notification channel. */
export interface Names {
  readonly schema: string;
  readonly version: string;
  readonly clients: string;
  readonly revokedTokens: string;
  readonly revokedClients: string;
  readonly changes: string;
  readonly changeSequence: string;
  /** One row: the newest `client-changed` entry the sweep has deleted, for readers to reset on. */
  readonly feedState: string;
  readonly counters: string;
  readonly reservations: string;
  /** The `LISTEN`/`NOTIFY` channel of the schema's change feed. */
  readonly channel: string;
}

/** The names in `schema` (checked by the caller with {@link isSchemaName}). */
export function namesIn(schema: string): Names {
  const table = (name: string) => `"${schema}"."tessera_${name}"`;
  return {
    schema: `"${schema}"`,
    version: table("schema_version"),
    clients: table("clients"),
    revokedTokens: table("revoked_tokens"),
    revokedClients: table("revoked_clients"),
    changes: table("changes"),
    changeSequence: table("change_seq"),
    feedState: table("feed_state"),
    counters: table("counters"),
    reservations: table("reservations"),
    channel: `tessera_changes_${schema}`,
  };
}

/** The database's clock, in seconds since the epoch: the start of the current statement's transaction. */
export const dbNow = "extract(epoch from now())::float8";
