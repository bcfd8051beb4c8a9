import { fromPostgresJs, PostgresStore, type PostgresDriver } from "@tessera/postgres";
import postgres from "postgres";
import { stringOption, type CommandArgs, type OptionSpec } from "./command.js";
import { CliError, exitCodes, usageError } from "./exit-codes.js";
import type { Io } from "./io.js";

/** The option every command on the database takes. */
export const schemaOption: Readonly<Record<string, OptionSpec>> = {
  schema: { type: "string", value: "<name>", description: 'The schema of the tables (default "public")' },
};

/** Where the database commands read and write, and how to let go of it. */
export interface Database {
  readonly db: PostgresDriver;
  readonly store: PostgresStore;
  readonly schema: string;
  /** Words of the connection string that no message may show (its password). */
  readonly secrets: readonly string[];
  close(): Promise<void>;
}

const example = "postgres://user:password@host:5432/database";

/**
 * Opens the database `OAUTH_DATABASE_URL` names, through postgres.js (one connection; a command
 * runs one statement after another). Without the variable, fails with one line: a store in this
 * process's memory would be gone when the command exits.
 */
export function openDatabase(io: Io, args: CommandArgs, command: string): Database {
  const url = io.env.OAUTH_DATABASE_URL;
  if (url === undefined || url.trim() === "") {
    throw new CliError(
      exitCodes.failed,
      `OAUTH_DATABASE_URL is not set: \`tessera ${command}\` works on the PostgreSQL database it names (${example})`,
    );
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new CliError(exitCodes.failed, `OAUTH_DATABASE_URL: is not a URL such as ${example}`);
  }
  if (parsed.protocol !== "postgres:" && parsed.protocol !== "postgresql:") {
    throw new CliError(exitCodes.failed, `OAUTH_DATABASE_URL: must start with postgres:// or postgresql:// (${example})`);
  }
  const schema = stringOption(args, "schema") ?? "public";
  if (!/^[a-z_][a-z0-9_]{0,39}$/.test(schema)) {
    throw usageError("--schema must be a lower-case identifier of at most 40 characters (a-z, 0-9, _)", command);
  }
  const sql = postgres(url, {
    max: 1,
    connect_timeout: 10,
    onnotice: () => {},
    connection: { application_name: "tessera-cli" },
  });
  const db = fromPostgresJs(sql);
  const password = decodeURIComponent(parsed.password);
  return {
    db,
    store: new PostgresStore(db, { schema, notify: true }),
    schema,
    secrets: [url, ...(password === "" ? [] : [password, parsed.password])],
    close: () => sql.end({ timeout: 5 }),
  };
}

/** Runs `work` on the database, and closes it whatever happens. */
export async function withDatabase<T>(io: Io, args: CommandArgs, command: string, work: (database: Database) => Promise<T>): Promise<T> {
  const database = openDatabase(io, args, command);
  try {
    return await work(database);
  } catch (error) {
    throw databaseError(error, database.secrets);
  } finally {
    await database.close().catch(() => undefined);
  }
}

/** SQLSTATEs worth a hint: the tables are missing. */
const undefinedTable = "42P01";

/**
 * A database failure as one line (a `CliError`), without the connection string or its password;
 * anything that is not the database's passes as it is.
 */
function databaseError(error: unknown, secrets: readonly string[]): unknown {
  if (error instanceof CliError || error instanceof TypeError) return error;
  if (!(error instanceof Error)) return error;
  const scrub = (text: string) => secrets.reduce((line, secret) => line.split(secret).join("***"), text);
  const cause = error.name === "TemporarilyUnavailableError" && error.cause instanceof Error ? error.cause : error;
  const code = (cause as { code?: unknown }).code;
  if (error.name === "TemporarilyUnavailableError") {
    return new CliError(exitCodes.failed, `the database is out of reach: ${scrub(cause.message)}${typeof code === "string" && !cause.message.includes(code) ? ` (${code})` : ""}`);
  }
  if (error.name === "SchemaVersionError") return new CliError(exitCodes.failed, `database: ${error.message}`);
  if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code)) {
    const hint = code === undefinedTable ? "; run `tessera migrate` first" : "";
    return new CliError(exitCodes.failed, `database: ${scrub(error.message)} (${code})${hint}`);
  }
  return new CliError(exitCodes.failed, `database: ${scrub(error.message)}`);
}
