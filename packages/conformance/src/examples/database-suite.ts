import { generateSigningKey, hashClientSecret, type GeneratedSigningKey } from "@tessera/core";
import { fromPg, migrate, PostgresStore } from "@tessera/postgres";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { postgresDatabase } from "../storage/postgres-database.js";
import { clientsJson, demoClient, service } from "./clients.js";
import type { ExampleCommand } from "./example-command.js";
import { startExample, type ExampleEnv } from "./example-process.js";
import { exampleTimeout, fixture, startedExample } from "./fixtures.js";
import { accessToken, postToken, requestToken, whoami } from "./http.js";
import { checkQuietStart, checkRefused, checkStopsOn } from "./process-checks.js";

/** A database of the test run's PostgreSQL, migrated, and a store on it as an operator has one. */
export interface TestDatabase {
  readonly url: string;
  readonly store: PostgresStore;
  close(): Promise<void>;
}

/** A new, empty database on the test run's PostgreSQL (see `postgresDatabase`), migrated. */
export async function testDatabase(url?: string): Promise<TestDatabase> {
  const database = url ?? (await postgresDatabase());
  const pool = new pg.Pool({ connectionString: database, max: 2 });
  pool.on("error", () => {}); // idle connections lost while a test stops the server
  const db = fromPg(pool);
  await migrate(db);
  return { url: database, store: new PostgresStore(db), close: () => pool.end() };
}

/** A client put into the database by an operator, with its secret. */
export async function putClient(database: TestDatabase, clientId: string, secret: string): Promise<void> {
  await database.store.putClient({
    clientId,
    grantTypes: ["client_credentials"],
    scopes: ["read"],
    secrets: [{ hash: await hashClientSecret(secret) }],
  });
}

/**
 * An example with `OAUTH_DATABASE_URL`, over real HTTP and a real PostgreSQL: it migrates the
 * database and upserts `OAUTH_CLIENTS` at start, serves a client created in the database at run
 * time, keeps revocations there (a restart still refuses a revoked token), serves no demo client
 * without `OAUTH_CLIENTS`, and closes its connections on SIGTERM. Part of `describeExample` and
 * `describeRuntimeExample`.
 */
export function describeDatabaseExample(command: ExampleCommand): void {
  describe("with OAUTH_DATABASE_URL: clients, revocations and the lockout's counters in PostgreSQL", () => {
    const database = fixture(() => testDatabase(), (held) => held.close());
    const key = fixture(() => generateSigningKey("ES256"));
    const env = (extra: ExampleEnv = {}): ExampleEnv => ({
      PORT: "0",
      OAUTH_DATABASE_URL: database().url,
      OAUTH_PRIVATE_KEY: (key() as GeneratedSigningKey).privateKeyPem,
      ...extra,
    });
    const example = startedExample(command, () => env({ OAUTH_CLIENTS: clientsJson }));

    it("prints the listening line and nothing else: no warning, no secret, not the URL's password", () =>
      checkQuietStart(example(), [service.client_secret, new URL(database().url).password]));

    it("has upserted OAUTH_CLIENTS into the database, and serves a client created there at run time", async () => {
      expect(await database().store.getClient(service.client_id)).toMatchObject({ clientId: service.client_id, scopes: ["read", "write"] });
      await putClient(database(), "created-at-run-time", "run-time-s3cret-value");
      const response = await requestToken(example().url, { client: { client_id: "created-at-run-time", client_secret: "run-time-s3cret-value" }, method: "client_secret_basic" });
      expect((await accessToken(response)).body).toMatchObject({ scope: "read" });
    });

    it("keeps a revocation in the database, and refuses the token at once and after a restart", async () => {
      const { token } = await accessToken(await requestToken(example().url, { client: service, method: "client_secret_basic" }));
      expect((await postToken(`${example().url}/revoke`, service, token)).status).toBe(200);
      expect((await whoami(example().url, `Bearer ${token}`)).status).toBe(401);

      const restarted = await startExample(command, env());
      try {
        const refused = await whoami(restarted.url, `Bearer ${token}`);
        expect({ status: refused.status, body: await refused.json() }).toMatchObject({ status: 401, body: { error: "invalid_token" } });
        // Without OAUTH_CLIENTS, the database's clients, and no demo client.
        expect((await requestToken(restarted.url, { client: service, method: "client_secret_basic" })).status).toBe(200);
        const demo = await requestToken(restarted.url, { client: demoClient, method: "client_secret_basic" });
        expect(demo.status).toBe(401);
        expect(restarted.output().stderr).toBe("");
      } finally {
        expect(await restarted.stop()).toMatchObject({ code: 0 });
      }
    }, exampleTimeout);

    it("closes its connections and exits 0 on SIGTERM", () => checkStopsOn(example(), "SIGTERM"), exampleTimeout);

    it("refuses a database it cannot reach with one line naming OAUTH_DATABASE_URL, never the URL", () =>
      checkRefused(
        command,
        { PORT: "0", OAUTH_CLIENTS: clientsJson, OAUTH_DATABASE_URL: "postgres://tessera:s3cret-password@127.0.0.1:1/auth" },
        "error: OAUTH_DATABASE_URL: cannot use the database (ECONNREFUSED)",
        ["s3cret-password", "127.0.0.1:1"],
      ), exampleTimeout);
  });
}
