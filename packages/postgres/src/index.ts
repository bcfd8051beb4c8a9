/**
 * `@tessera/postgres`: the stores of Tessera's storage contract on PostgreSQL, through any
 * driver (node-postgres, postgres.js, PGlite, or your own through {@link PostgresDriver}).
 *
 * @packageDocumentation
 */
export { PostgresStore, type PostgresStoreOptions } from "./postgres-store.js";
export { migrate, schemaVersion, SchemaVersionError, type MigrateOptions, type MigrateResult } from "./migrations.js";
export type { PostgresDriver, SqlExecutor, SqlRow, SqlValue } from "./driver.js";
export { fromPg, type PgPool, type PgPoolClient } from "./drivers/pg.js";
export { fromPostgresJs, type PostgresJsDriverOptions, type PostgresJsQueryable, type PostgresJsSql } from "./drivers/postgres-js.js";
export { fromPglite, type Pglite, type PgliteQueryable } from "./drivers/pglite.js";
export { isUnavailable } from "./errors.js";
