// Vitest's global setup (registered in the root vitest.config.ts): one PostgreSQL server per
// test run, started on the first request for a database, so a run without PostgreSQL tests
// starts none. Test files ask for a database through `postgresDatabase()` (postgres-database.ts),
// which POSTs to the small HTTP endpoint served here; each gets a new, empty database.
import { createServer, type Server } from "node:http";
import type { TestProject } from "vitest/node";
import pg from "pg";
import { startPostgres, type PostgresServer } from "./postgres-server.js";

declare module "vitest" {
  export interface ProvidedContext {
    /** The URL to POST to for a new database (see postgres-database.ts). */
    tesseraPostgres: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  let server: Promise<PostgresServer> | undefined;
  const databases: string[] = [];
  const createDatabase = async (): Promise<string> => {
    const { url } = await (server ??= startPostgres());
    const name = `tessera_test_${databases.length}_${crypto.randomUUID().slice(0, 8)}`;
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query(`CREATE DATABASE ${name}`);
    } finally {
      await client.end();
    }
    databases.push(name);
    const database = new URL(url);
    database.pathname = `/${name}`;
    return database.href;
  };
  const http = createServer((request, response) => {
    createDatabase().then(
      (url) => response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ url })),
      (error: unknown) => response.writeHead(500).end(error instanceof Error ? `${error.message}\n${String(error.cause ?? "")}` : String(error)),
    );
    request.resume();
  });
  await listen(http);
  const address = http.address();
  if (typeof address !== "object" || address === null) throw new Error("the database endpoint has no address");
  project.provide("tesseraPostgres", `http://127.0.0.1:${address.port}/database`);
  return async () => {
    await new Promise((resolve) => http.close(resolve));
    if (server === undefined) return;
    const { url, stop } = await server;
    if (process.env.DATABASE_URL) await dropDatabases(url, databases);
    await stop();
  };
}

function listen(http: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    http.once("error", reject);
    http.listen(0, "127.0.0.1", resolve);
  });
}

/** On a server the run did not start, the databases it made are dropped at the end. */
async function dropDatabases(url: string, names: readonly string[]): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (const name of names) await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  } finally {
    await client.end();
  }
}
