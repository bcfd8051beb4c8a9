// The health probes of the Node example over real HTTP, with its PostgreSQL up, stopped and back:
// what the README's Kubernetes probes rely on. The PostgreSQL server is this file's own (started
// from npm), since the test stops it.
import { exampleCommand, killAll, startExample, startPostgres, testDatabase, type PostgresServer, type RunningExample, type TestDatabase } from "@tessera/conformance/examples";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const service = { client_id: "service", client_secret: "service-s3cret-value", scope: "read" };

let server: PostgresServer;
let database: TestDatabase;
let example: RunningExample;

beforeAll(async () => {
  server = await startPostgres({ dedicated: true });
  database = await testDatabase(new URL("postgres", server.url).href);
  example = await startExample(exampleCommand(new URL("../", import.meta.url)), {
    PORT: "0",
    OAUTH_ISSUER: "http://localhost",
    OAUTH_CLIENTS: JSON.stringify({ clients: [service] }),
    OAUTH_DATABASE_URL: database.url,
  });
}, 60_000);

afterAll(async () => {
  await example?.stop();
  await killAll();
  await database?.close();
  await server?.stop();
}, 60_000);

async function probe(path: string): Promise<{ status: number; body: unknown; text: string; cacheControl: string | null }> {
  const response = await fetch(`${example.url}${path}`, { signal: AbortSignal.timeout(5_000) });
  const text = await response.text();
  return { status: response.status, body: JSON.parse(text) as unknown, text, cacheControl: response.headers.get("cache-control") };
}

/** Polls the readiness probe until it answers `status`; fails after `timeout` ms. */
async function untilReady(status: number, timeout: number): Promise<Awaited<ReturnType<typeof probe>>> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const answer = await probe("/health/ready");
    if (answer.status === status || Date.now() > deadline) return answer;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe("the Node example's health probes on PostgreSQL", () => {
  it("are live and ready while PostgreSQL answers, never cached", async () => {
    expect(await probe("/health/live")).toMatchObject({ status: 200, body: { status: "ok" }, cacheControl: "no-store" });
    expect(await probe("/health/ready")).toMatchObject({ status: 200, body: { status: "ready" }, cacheControl: "no-store" });
  });

  it("are live but not ready while PostgreSQL is stopped, naming the stores and nothing of the database; ready again once it is back", async () => {
    await server.pause();
    try {
      const started = Date.now();
      const down = await untilReady(503, 5_000);
      expect(down).toMatchObject({
        status: 503,
        body: { status: "not_ready", failing: ["clients", "revocations", "replay", "lockout.counters"] },
        cacheControl: "no-store",
      });
      expect(Date.now() - started).toBeLessThan(5_000);
      const { password, port } = new URL(database.url);
      for (const secret of [password, port, "postgres", database.url]) expect(down.text).not.toContain(secret);
      expect(await probe("/health/live")).toMatchObject({ status: 200, body: { status: "ok" } });
    } finally {
      await server.resume();
    }
    expect(await untilReady(200, 15_000)).toMatchObject({ status: 200, body: { status: "ready" } });
  }, 40_000);
});
