import { generateSigningKey, type GeneratedSigningKey } from "@tessera/core";
import { basicAuthorization } from "@tessera/core/testing";
import { Miniflare } from "miniflare";
import type { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bundleWorker, readWorkerDefinition } from "./worker-bundle.js";

/** The Worker alone on workerd, with `bindings` as its vars and secrets; what it logs is kept. */
async function startWorker(bindings: Record<string, string>): Promise<{ worker: Miniflare; log: () => string }> {
  const definition = await readWorkerDefinition();
  let log = "";
  const collect = (stream: Readable) => stream.setEncoding("utf8").on("data", (chunk: string) => (log += chunk));
  const worker = new Miniflare({
    modules: true,
    script: await bundleWorker(definition),
    compatibilityDate: definition.compatibility_date,
    bindings,
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

  it("issues tokens to the clients of OAUTH_CLIENTS, and logs no warning", async () => {
    const response = await worker.dispatchFetch("http://localhost/token", {
      method: "POST",
      headers: { authorization: basicAuthorization("svc", "svc-s3cret-value"), "content-type": "application/x-www-form-urlencoded" },
      body: "grant_type=client_credentials",
    });
    expect({ status: response.status, body: await response.json() }).toMatchObject({ status: 200, body: { scope: "read" } });
    expect(log()).toBe("");
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
