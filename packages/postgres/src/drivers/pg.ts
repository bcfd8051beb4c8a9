import type { PostgresDriver, SqlExecutor, SqlRow, SqlValue } from "../driver.js";

/** What {@link fromPg} uses of a node-postgres `Pool`. */
export interface PgPool {
  query(text: string, values: SqlValue[]): Promise<{ rows: SqlRow[] }>;
  connect(): Promise<PgPoolClient>;
}

/** What {@link fromPg} uses of a client checked out of a node-postgres `Pool`. */
export interface PgPoolClient {
  query(text: string, values?: SqlValue[]): Promise<{ rows: SqlRow[] }>;
  release(destroy?: boolean | Error): void;
  on(event: "notification", listener: (message: { channel: string }) => void): unknown;
  on(event: "error", listener: (error: Error) => void): unknown;
  on(event: "end", listener: () => void): unknown;
  off(event: "notification", listener: (message: { channel: string }) => void): unknown;
  off(event: "error", listener: (error: Error) => void): unknown;
  off(event: "end", listener: () => void): unknown;
}

/**
 * A {@link PostgresDriver} on a node-postgres (`pg`) `Pool`. Transactions and `LISTEN` each
 * check out a connection of their own. Give the pool an `error` listener: node-postgres emits
 * the failures of idle connections there.
 *
 * @example
 * ```ts
 * import pg from "pg";
 * const db = fromPg(new pg.Pool({ connectionString: process.env.DATABASE_URL }));
 * ```
 */
export function fromPg(pool: PgPool): PostgresDriver {
  const executor = (client: Pick<PgPool, "query">): SqlExecutor => ({
    query: (text, params) => client.query(text, [...params]),
  });
  return {
    ...executor(pool),
    async transaction(work) {
      const client = await pool.connect();
      try {
        await client.query("BEGIN");
        const result = await work(executor(client));
        await client.query("COMMIT");
        client.release();
        return result;
      } catch (error) {
        // A connection whose transaction could not be rolled back is not returned to the pool.
        await client.query("ROLLBACK").then(
          () => client.release(),
          () => client.release(true),
        );
        throw error;
      }
    },
    listen: (channel, onNotification, onError) => listenOn(pool, channel, onNotification, onError),
  };
}

async function listenOn(pool: PgPool, channel: string, onNotification: () => void, onError: (error: unknown) => void) {
  const client = await pool.connect();
  let stopped = false;
  const notified = (message: { channel: string }) => {
    if (message.channel === channel) onNotification();
  };
  const stop = (error?: Error) => {
    if (stopped) return false;
    stopped = true;
    client.off("notification", notified);
    client.off("error", failed);
    client.off("end", ended);
    client.release(error ?? true); // never reused: it holds a LISTEN
    return true;
  };
  const failed = (error: Error) => {
    if (stop(error)) onError(error);
  };
  const ended = () => failed(new Error("the listening connection ended"));
  client.on("notification", notified);
  client.on("error", failed);
  client.on("end", ended);
  try {
    await client.query(`LISTEN ${channel}`);
  } catch (error) {
    stop(error instanceof Error ? error : undefined);
    throw error;
  }
  return async () => {
    if (stopped) return;
    await client.query(`UNLISTEN ${channel}`).catch(() => undefined);
    stop();
  };
}
