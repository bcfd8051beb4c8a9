// Three processes of the Node example on one PostgreSQL, over real HTTP: what "Running several
// instances" in the README promises. The PostgreSQL server is this file's own (started from npm),
// since one test stops it.
import { generateSigningKey } from "@tessera/core";
import { basicAuthorization } from "@tessera/core/testing";
import {
  exampleCommand,
  killAll,
  putClient,
  startExample,
  startPostgres,
  testDatabase,
  type ExampleEnv,
  type PostgresServer,
  type RunningExample,
  type TestDatabase,
} from "@tessera/conformance/examples";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const command = exampleCommand(new URL("../", import.meta.url));
const issuer = "http://localhost";
const service = { client_id: "service", client_secret: "service-s3cret-value", scope: "read write" };

let server: PostgresServer;
let database: TestDatabase;
let env: ExampleEnv;
const instances: RunningExample[] = [];

beforeAll(async () => {
  server = await startPostgres({ dedicated: true });
  database = await testDatabase(new URL("postgres", server.url).href);
  const key = await generateSigningKey("ES256");
  // One issuer and one key: a token of any instance is good at every other.
  env = {
    PORT: "0",
    OAUTH_ISSUER: issuer,
    OAUTH_PRIVATE_KEY: key.privateKeyPem,
    OAUTH_CLIENTS: JSON.stringify({ clients: [service] }),
    OAUTH_DATABASE_URL: database.url,
  };
  instances.push(...(await Promise.all([1, 2, 3].map(() => startExample(command, env)))));
}, 60_000);

afterAll(async () => {
  await Promise.allSettled(instances.map((instance) => instance.stop()));
  await killAll();
  await database?.close();
  await server?.stop();
}, 60_000);

/** What a request that failed before any answer stands for: 0, and why. */
function failed(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown } } | null)?.cause;
  return `0 (${String(cause?.code ?? (error as Error).name)})`;
}

/** POST /token with Basic credentials; the status and body, or {@link failed} when the request itself failed. */
async function token(instance: RunningExample, clientId = service.client_id, secret = service.client_secret): Promise<{ status: number | string; token?: string }> {
  try {
    const response = await fetch(`${instance.url}/token`, {
      method: "POST",
      headers: { authorization: basicAuthorization(clientId, secret), "content-type": "application/x-www-form-urlencoded" },
      body: "grant_type=client_credentials",
      signal: AbortSignal.timeout(15_000),
    });
    const body = (await response.json()) as { access_token?: string };
    return body.access_token === undefined ? { status: response.status } : { status: response.status, token: body.access_token };
  } catch (error) {
    return { status: failed(error) };
  }
}

/** GET /whoami with `accessToken`: its status, or {@link failed} when the request itself failed. */
async function whoami(instance: RunningExample, accessToken: string): Promise<number | string> {
  try {
    const response = await fetch(`${instance.url}/whoami`, { headers: { authorization: `Bearer ${accessToken}` }, signal: AbortSignal.timeout(15_000) });
    await response.arrayBuffer();
    return response.status;
  } catch (error) {
    return failed(error);
  }
}

async function revoke(instance: RunningExample, accessToken: string): Promise<number> {
  const response = await fetch(`${instance.url}/revoke`, {
    method: "POST",
    headers: { authorization: basicAuthorization(service.client_id, service.client_secret), "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ token: accessToken }),
  });
  return response.status;
}

async function issued(instance: RunningExample): Promise<string> {
  const { status, token: accessToken } = await token(instance);
  expect(status).toBe(200);
  return accessToken as string;
}

/** Milliseconds until `instance` refuses `accessToken` at /whoami, polling; fails after 5 s. */
async function untilRefused(instance: RunningExample, accessToken: string, since: number): Promise<number> {
  while ((await whoami(instance, accessToken)) !== 401) {
    if (performance.now() - since > 5_000) throw new Error("the revoked token is still accepted after 5 s");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return performance.now() - since;
}

describe("three instances of the Node example on one PostgreSQL", () => {
  it("serve a client created in the database at run time, each without a restart", async () => {
    await putClient(database, "created-at-run-time", "run-time-s3cret-value");
    for (const instance of instances) expect((await token(instance, "created-at-run-time", "run-time-s3cret-value")).status).toBe(200);
  });

  it("refuse at instances 2 and 3, within a second, a token revoked at instance 1", async () => {
    const [first, second, third] = instances as [RunningExample, RunningExample, RunningExample];
    const accessToken = await issued(second);
    for (const instance of instances) expect(await whoami(instance, accessToken)).toBe(200);
    expect(await revoke(first, accessToken)).toBe(200);
    const revokedAt = performance.now();
    expect(await whoami(first, accessToken)).toBe(401);
    const delays = await Promise.all([untilRefused(second, accessToken, revokedAt), untilRefused(third, accessToken, revokedAt)]);
    expect(delays.every((delay) => delay < 1_000)).toBe(true);
  });

  it("count failed authentications across instances: the lockout holds at every one", async () => {
    await putClient(database, "guessed", "guessed-s3cret-value");
    for (let i = 0; i < 10; i++) expect((await token(instances[i % 3] as RunningExample, "guessed", "wrong")).status).toBe(401);
    // Each instance reads the shared counts through a cache of a second (CachedCounterStore).
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    for (const instance of instances) expect((await token(instance, "guessed", "guessed-s3cret-value")).status).toBe(429);
  });

  it("refuse a revoked token after a restart", async () => {
    const accessToken = await issued(instances[0] as RunningExample);
    expect(await revoke(instances[0] as RunningExample, accessToken)).toBe(200);
    const stopped = instances.splice(1, 1)[0] as RunningExample;
    expect(await stopped.stop()).toMatchObject({ code: 0 });
    const restarted = await startExample(command, env);
    instances.splice(1, 0, restarted);
    expect(await whoami(restarted, accessToken)).toBe(401);
    expect(await whoami(restarted, await issued(restarted))).toBe(200);
  });

  it("go on through PostgreSQL stopped for 5 s under traffic: tokens for cached clients or 503, never a 500, then recover by themselves", async () => {
    const valid = await issued(instances[0] as RunningExample);
    const statuses = new Map<string, number>();
    const count = (what: string, status: number | string) => statuses.set(`${what} ${status}`, (statuses.get(`${what} ${status}`) ?? 0) + 1);
    let traffic = true;
    const loop = async (instance: RunningExample) => {
      while (traffic) {
        count("token", (await token(instance)).status);
        count("whoami", await whoami(instance, valid));
      }
    };
    const loops = instances.map(loop);
    await new Promise((resolve) => setTimeout(resolve, 500));
    await server.pause();
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    await server.resume();
    traffic = false;
    await Promise.all(loops);

    const unexpected = [...statuses.keys()].filter((key) => !/^(token 200|token 503|whoami 200|whoami 503)$/.test(key));
    const stderr = instances.map((instance) => instance.output().stderr.split("\n").filter((line) => !line.includes("pass onError")).join("\n"));
    expect(unexpected, `answers ${JSON.stringify([...statuses])}; stderr ${JSON.stringify(stderr)}`).toEqual([]);
    expect(statuses.get("token 200") ?? 0).toBeGreaterThan(0);
    expect(statuses.has("whoami 503")).toBe(true); // the revocation check refused rather than guessed

    // Recovery, without a restart: tokens, the revocation check, and the change feed.
    for (const instance of instances) {
      await expect.poll(async () => (await token(instance)).status, { timeout: 20_000, interval: 100 }).toBe(200);
      await expect.poll(() => whoami(instance, valid), { timeout: 20_000, interval: 100 }).toBe(200);
    }
    const accessToken = await issued(instances[2] as RunningExample);
    expect(await revoke(instances[2] as RunningExample, accessToken)).toBe(200);
    const revokedAt = performance.now();
    expect(await untilRefused(instances[0] as RunningExample, accessToken, revokedAt)).toBeLessThan(1_000);
  }, 60_000);
});
