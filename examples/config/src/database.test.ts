import { MemoryStore, RevocationSet, type Client } from "@tessera/core";
import { postgresDatabase } from "@tessera/conformance/examples";
import { describe, expect, it, vi } from "vitest";
import { ConfigError } from "./config-error.js";
import type { Env } from "./env.js";
import { loadConfig, type LoadConfigOptions } from "./load-config.js";
import { openPostgres } from "./postgres.js";
import type { Database } from "./stores.js";

const service = { client_id: "svc", client_secret: "svc-secret-value", scope: "read write" };
const quiet = { OAUTH_PRIVATE_KEY: "-----BEGIN PRIVATE KEY-----\nplaceholder\n-----END PRIVATE KEY-----" };
const noFiles = async (path: string) => Promise.reject(new Error(`no file ${path}`));
const stored = (clientId: string): Client => ({ clientId, grantTypes: ["client_credentials"], scopes: ["read"], secrets: [{ hash: "sha256:x" }] });

/** A database on one MemoryStore, as a test stands one in; `closed` tells whether it was closed. */
function memoryDatabase(): Database & { readonly store: MemoryStore; closed: boolean } {
  const store = new MemoryStore();
  return {
    store,
    clients: store,
    revocations: store,
    changes: store,
    counters: store,
    replay: store,
    closed: false,
    async close() {
      this.closed = true;
    },
  };
}

async function failure(env: Env, options: Partial<LoadConfigOptions> = {}): Promise<string> {
  const error = await loadConfig(env, { readFile: noFiles, ...options }).then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(ConfigError);
  return (error as ConfigError).message;
}

describe("OAUTH_DATABASE_URL", () => {
  it("is refused where the example cannot open a database, or keeps its state in one its runtime binds", async () => {
    const url = "postgres://user:hunter2@db.example:5432/auth";
    expect(await failure({ ...quiet, OAUTH_DATABASE_URL: url })).toBe("OAUTH_DATABASE_URL: this example cannot open a database");
    expect(await failure({ ...quiet, OAUTH_DATABASE_URL: url }, { database: memoryDatabase() })).toBe(
      "OAUTH_DATABASE_URL: is not used by this example, which keeps its state in the database its runtime binds",
    );
  });

  it.each(["mysql://user:hunter2@db/auth", "db.example:5432", "postgres"])("refuses %j without quoting it", async (url) => {
    const openDatabase = vi.fn();
    const message = await failure({ ...quiet, OAUTH_DATABASE_URL: url }, { openDatabase });
    expect(message).toBe("OAUTH_DATABASE_URL: must be a PostgreSQL URL such as postgres://user:password@host:5432/database");
    expect(openDatabase).not.toHaveBeenCalled();
  });

  it("upserts OAUTH_CLIENTS into the database, serves the clients already there, and counts failures there", async () => {
    const database = memoryDatabase();
    await database.store.putClient(stored("made-at-run-time"));
    await database.store.putClient(stored("svc"));
    const openDatabase = vi.fn(async () => database);
    const config = await loadConfig(
      { ...quiet, OAUTH_DATABASE_URL: "postgresql://localhost/auth", OAUTH_CLIENTS: JSON.stringify({ clients: [service] }) },
      { readFile: noFiles, openDatabase },
    );
    expect(openDatabase).toHaveBeenCalledExactlyOnceWith("postgresql://localhost/auth");
    expect(config.storage).toBe("database");
    expect(config.warnings).toEqual([]);
    const { clients, revocations, lockout } = config.options(3000);
    expect(await clients.getClient("svc")).toMatchObject({ scopes: ["read", "write"] });
    expect(await clients.getClient("made-at-run-time")).toMatchObject({ clientId: "made-at-run-time" });
    expect(revocations).toBeInstanceOf(RevocationSet);
    expect(revocations).toBe(config.revocations);
    expect(lockout).toMatchObject({ counters: expect.anything() });
    await config.close();
    expect(database.closed).toBe(true);
  });

  it("without OAUTH_CLIENTS, serves the database's clients and no demo client, without a warning about one", async () => {
    const database = memoryDatabase();
    const config = await loadConfig({ ...quiet }, { readFile: noFiles, database });
    expect(config.warnings).toEqual([]);
    expect(await config.options(3000).clients.getClient("demo-client")).toBeUndefined();
    expect(await database.store.listClients()).toEqual({ clients: [], next: undefined });
    await config.close();
  });

  it("keeps everything in memory when unset, the demo client included", async () => {
    const config = await loadConfig({ ...quiet }, { readFile: noFiles, openDatabase: vi.fn() });
    expect(config.storage).toBe("memory");
    expect(config.revocations).toBeInstanceOf(MemoryStore);
    expect(config.options(3000).lockout).toBeUndefined();
    expect(await config.options(3000).clients.getClient("demo-client")).toMatchObject({ clientId: "demo-client" });
  });
});

describe("openPostgres", () => {
  it("migrates the database and keeps the stores there, shared by every instance", async () => {
    const url = await postgresDatabase();
    const first = await loadConfig({ ...quiet, OAUTH_DATABASE_URL: url, OAUTH_CLIENTS: JSON.stringify({ clients: [service] }) }, { readFile: noFiles, openDatabase: openPostgres });
    const second = await loadConfig({ ...quiet, OAUTH_DATABASE_URL: url }, { readFile: noFiles, openDatabase: openPostgres });
    try {
      expect(await second.options(3000).clients.getClient("svc")).toMatchObject({ clientId: "svc", scopes: ["read", "write"] });
      const token = { jti: "revoked-in-first", clientId: "svc", issuedAt: Date.now() / 1000 };
      await first.revocations.revokeToken(token.jti, Date.now() / 1000 + 600);
      await expect.poll(() => second.revocations.isRevoked(token), { timeout: 2000 }).toBe(true);
    } finally {
      await Promise.all([first.close(), second.close()]);
    }
  });

  it("names OAUTH_DATABASE_URL and the error's code, never the URL, when the database cannot be reached", async () => {
    const url = "postgres://tessera:hunter2@127.0.0.1:1/auth";
    const message = await failure({ ...quiet, OAUTH_DATABASE_URL: url }, { openDatabase: openPostgres });
    expect(message).toBe("OAUTH_DATABASE_URL: cannot use the database (ECONNREFUSED)");
  });
});
