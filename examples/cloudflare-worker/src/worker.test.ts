import { D1Store } from "@tessera/cloudflare";
import { generateSigningKey, hashClientSecret, type GeneratedSigningKey } from "@tessera/core";
import { basicAuthorization } from "@tessera/core/testing";
import { Miniflare } from "miniflare";
import type { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bundleWorker, readWorkerDefinition, storageBindings } from "./worker-bundle.js";

/**
 * The Worker alone on workerd, with `bindings` as its vars and secrets, and with the D1 database
 * and Durable Object of wrangler.json when `withStorage`; what it logs is kept.
 */
async function startWorker(bindings: Record<string, string>, withStorage = false): Promise<{ worker: Miniflare; log: () => string }> {
  const definition = await readWorkerDefinition();
  let log = "";
  const collect = (stream: Readable) => stream.setEncoding("utf8").on("data", (chunk: string) => (log += chunk));
  const worker = new Miniflare({
    modules: true,
    script: await bundleWorker(definition),
    compatibilityDate: definition.compatibility_date,
    bindings,
    ...(withStorage ? storageBindings(definition) : {}),
    host: "127.0.0.1",
    cf: false,
    handleRuntimeStdio: (stdout: Readable, stderr: Readable) => {
      collect(stdout);
      collect(stderr);
    },
  });
  await worker.ready;
  return { worker, log: () => log };
}

const clients = JSON.stringify({ clients: [{ client_id: "svc", client_secret: "svc-s3cret-value", scope: "read" }] });

describe("examples/cloudflare-worker, configured by its bindings alone", () => {
  let key: GeneratedSigningKey;
  let worker: Miniflare;
  let log: () => string;
  beforeAll(async () => {
    key = await generateSigningKey("EdDSA");
    ({ worker, log } = await startWorker({
      OAUTH_ISSUER: "https://auth.example.test",
      OAUTH_CLIENTS: clients,
      OAUTH_PRIVATE_KEY: key.privateKeyPem,
    }));
  }, 30_000);
  afterAll(() => worker?.dispose());

  it("serves the metadata of OAUTH_ISSUER and the key of OAUTH_PRIVATE_KEY", async () => {
    const metadata = await worker.dispatchFetch("http://localhost/.well-known/oauth-authorization-server");
    expect(await metadata.json()).toMatchObject({ issuer: "https://auth.example.test", token_endpoint: "https://auth.example.test/token" });
    const jwks = await worker.dispatchFetch("http://localhost/.well-known/jwks.json");
    expect(await jwks.json()).toEqual({ keys: [key.publicJwk] });
  });

  it("issues tokens to the clients of OAUTH_CLIENTS, and logs no warning: only its JSON lines, without the secret or the token", async () => {
    const response = await worker.dispatchFetch("http://localhost/token", {
      method: "POST",
      headers: { authorization: basicAuthorization("svc", "svc-s3cret-value"), "content-type": "application/x-www-form-urlencoded" },
      body: "grant_type=client_credentials",
    });
    const body = (await response.json()) as { scope: string; access_token: string };
    expect({ status: response.status, body }).toMatchObject({ status: 200, body: { scope: "read" } });
    await new Promise((resolve) => setTimeout(resolve, 100)); // workerd's output may trail the answer
    const lines = log().split("\n").filter((line) => line !== "");
    expect(lines.filter((line) => !line.startsWith("{"))).toEqual([]);
    expect(lines.map((line) => JSON.parse(line) as { event: string }).map(({ event }) => event)).toContain("request");
    for (const secret of ["svc-s3cret-value", body.access_token]) expect(log()).not.toContain(secret);
  });
});

describe("examples/cloudflare-worker, with the D1 database and Durable Object of wrangler.json", () => {
  let worker: Miniflare;
  beforeAll(async () => {
    const key = await generateSigningKey("EdDSA");
    ({ worker } = await startWorker({ OAUTH_ISSUER: "https://auth.example.test", OAUTH_CLIENTS: clients, OAUTH_PRIVATE_KEY: key.privateKeyPem }, true));
  }, 30_000);
  afterAll(() => worker?.dispose());

  const token = (clientId: string, secret: string) =>
    worker.dispatchFetch("http://localhost/token", {
      method: "POST",
      headers: { authorization: basicAuthorization(clientId, secret), "content-type": "application/x-www-form-urlencoded" },
      body: "grant_type=client_credentials",
    });

  it("keeps OAUTH_CLIENTS and revocations in D1, and serves a client added to D1 at run time", async () => {
    const issued = (await (await token("svc", "svc-s3cret-value")).json()) as { access_token: string };
    const db = await worker.getD1Database("DB");
    const { results: stored } = await db.prepare("SELECT client_id FROM tessera_clients").all();
    expect(stored).toEqual([{ client_id: "svc" }]);

    const revoked = await worker.dispatchFetch("http://localhost/revoke", {
      method: "POST",
      headers: { authorization: basicAuthorization("svc", "svc-s3cret-value"), "content-type": "application/x-www-form-urlencoded" },
      body: `token=${issued.access_token}`,
    });
    expect(revoked.status).toBe(200);
    const { results: marks } = await db.prepare("SELECT count(*) AS n FROM tessera_revoked_tokens").all<{ n: number }>();
    expect(marks).toEqual([{ n: 1 }]);
    const whoami = await worker.dispatchFetch("http://localhost/whoami", { headers: { authorization: `Bearer ${issued.access_token}` } });
    expect(whoami.status).toBe(401);

    await new D1Store(db).putClient({
      clientId: "added",
      grantTypes: ["client_credentials"],
      scopes: ["read"],
      secrets: [{ hash: await hashClientSecret("added-s3cret-value") }],
    });
    expect((await token("added", "added-s3cret-value")).status).toBe(200);
  });

  it("counts failed authentications in the Durable Object: the lockout holds", async () => {
    for (let i = 0; i < 10; i++) expect((await token("svc", "wrong")).status).toBe(401);
    expect((await token("svc", "svc-s3cret-value")).status).toBe(429);
  });
});

describe("examples/cloudflare-worker, with bindings that cannot work", () => {
  it.each([
    [{ OAUTH_ACCESS_TOKEN_TTL: "0" }, "error: OAUTH_ACCESS_TOKEN_TTL: must be a positive whole number of seconds"],
    [{ OAUTH_PRIVATE_KEY_FILE: "/etc/key.pem" }, "error: OAUTH_PRIVATE_KEY_FILE: cannot read /etc/key.pem"],
  ])("answers 500 server_error, and logs why once: %j", async (bindings, line) => {
    const { worker, log } = await startWorker({ OAUTH_CLIENTS: clients, ...bindings });
    try {
      for (const path of ["/token", "/.well-known/jwks.json"]) {
        const response = await worker.dispatchFetch(`http://localhost${path}`);
        expect({ status: response.status, body: await response.json() }).toEqual({
          status: 500,
          body: { error: "server_error", error_description: "The server is not configured." },
        });
      }
      // workerd's output can trail the response by a moment.
      for (let waited = 0; !log().includes("\n") && waited < 5_000; waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
      expect(log()).toBe(`${line}\n`);
    } finally {
      await worker.dispose();
    }
  }, 30_000);
});
