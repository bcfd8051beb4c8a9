import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateSigningKey, type GeneratedSigningKey } from "@tessera/core";
import { basicAuthorization } from "@tessera/core/testing";
import { scenarioClientsMetadataJson } from "../tables/clients.js";
import { scenarioRequestInit } from "../tables/requests.js";
import { tokenManagementMismatches, tokenManagementScenarios } from "../tables/token-management.js";
import { createLocalJWKSet, importJWK, jwtVerify, SignJWT, type JSONWebKeySet } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { killAll } from "../process.js";
import { exampleCommand, runExample, startExample, type RunningExample } from "./example-process.js";

/** The clients the smoke test registers through `OAUTH_CLIENTS`. */
const service = { client_id: "service", client_secret: "service-s3cret-value", scope: "read write" } as const;
const clientsJson = JSON.stringify({ clients: [service] });
const demo = { client_id: "demo-client", client_secret: "demo-secret" } as const;

type Client = { readonly client_id: string; readonly client_secret: string };

/** POSTs a client credentials request to `${base}/token`. */
function requestToken(base: string, client: Client, method: "basic" | "post", scope?: string): Promise<Response> {
  const body = new URLSearchParams({ grant_type: "client_credentials" });
  if (scope !== undefined) body.set("scope", scope);
  const headers: Record<string, string> = { "content-type": "application/x-www-form-urlencoded" };
  if (method === "basic") {
    headers.authorization = basicAuthorization(client.client_id, client.client_secret);
  } else {
    body.set("client_id", client.client_id);
    body.set("client_secret", client.client_secret);
  }
  return fetch(`${base}/token`, { method: "POST", headers, body, signal: AbortSignal.timeout(10_000) });
}

/** GET `${base}/whoami`, the examples' demo protected resource. */
function whoami(base: string, authorization?: string): Promise<Response> {
  const headers: Record<string, string> = authorization === undefined ? {} : { authorization };
  return fetch(`${base}/whoami`, { headers, signal: AbortSignal.timeout(10_000) });
}

async function getJson(url: string): Promise<{ response: Response; body: Record<string, unknown> }> {
  const response = await fetch(url, { signal: AbortSignal.timeout(10_000) });
  return { response, body: (await response.json()) as Record<string, unknown> };
}

async function accessToken(response: Response): Promise<{ token: string; body: Record<string, unknown> }> {
  const body = (await response.json()) as Record<string, unknown>;
  expect({ status: response.status, body }).toMatchObject({ status: 200, body: { token_type: "Bearer" } });
  return { token: String(body.access_token), body };
}

/** Whether something still accepts connections at `url`. */
async function accepts(url: string): Promise<boolean> {
  try {
    await fetch(url, { signal: AbortSignal.timeout(2_000) });
    return true;
  } catch {
    return false;
  }
}

function lines(text: string): string[] {
  return text.split("\n").filter((line) => line !== "");
}

/** Resolves once `condition` holds, checking every 50 ms; rejects after `timeout` ms. */
async function until(condition: () => boolean, timeout: number, what: string): Promise<void> {
  const deadline = Date.now() + timeout;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`${what} within ${timeout} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * The smoke test of an example on another runtime, over real HTTP: it is started as its
 * `pnpm start` script starts it (after the build), configured by environment variables only, and
 * checked for the metadata, the JWKS (with a previous key), a token for client_secret_basic
 * verified against that JWKS and one for client_secret_post, an error, the demo protected resource
 * `GET /whoami`, revocation through `/revoke` refused there at once, the core's revocation and
 * introspection scenario table, the demo client and its warnings, invalid configuration (exit 1, one line naming
 * the variable), a port in use, and a clean exit on SIGTERM. Call it once from the example's test,
 * with the example's directory.
 */
export function describeRuntimeExample(name: string, directory: URL): void {
  describe(`${name}, started as its pnpm start script does`, () => {
    const example = exampleCommand(directory);
    afterAll(killAll);

    describe("configured by OAUTH_CLIENTS, OAUTH_PRIVATE_KEY_FILE, OAUTH_PREVIOUS_PRIVATE_KEYS, OAUTH_AUDIENCE and OAUTH_ACCESS_TOKEN_TTL", () => {
      let key: GeneratedSigningKey;
      let previous: GeneratedSigningKey;
      let directory: string;
      let running: RunningExample;
      beforeAll(async () => {
        key = await generateSigningKey("ES256");
        previous = await generateSigningKey("EdDSA");
        directory = await mkdtemp(join(tmpdir(), "tessera-example-"));
        const keyFile = join(directory, "key.pem");
        await writeFile(keyFile, key.privateKeyPem, { mode: 0o600 });
        running = await startExample(example, {
          PORT: "0",
          OAUTH_CLIENTS: clientsJson,
          OAUTH_PRIVATE_KEY_FILE: keyFile,
          OAUTH_PREVIOUS_PRIVATE_KEYS: previous.privateKeyPem,
          OAUTH_AUDIENCE: "https://api.example.test",
          OAUTH_ACCESS_TOKEN_TTL: "600",
        });
      }, 40_000);
      afterAll(async () => {
        await running?.stop();
        if (directory !== undefined) await rm(directory, { recursive: true, force: true });
      });

      it("prints the listening line and nothing else: no warning, no secret", () => {
        expect(running.url).toMatch(/^http:\/\/127\.0\.0\.1:[1-9][0-9]*$/);
        expect(running.output()).toEqual({ stdout: `Tessera token server listening on ${running.url}\n`, stderr: "" });
      });

      it("serves RFC 8414 metadata for the default issuer http://localhost:PORT", async () => {
        const issuer = `http://localhost:${running.port}`;
        const { response, body } = await getJson(`${running.url}/.well-known/oauth-authorization-server`);
        expect(response.status).toBe(200);
        expect(body).toMatchObject({
          issuer,
          token_endpoint: `${issuer}/token`,
          jwks_uri: `${issuer}/.well-known/jwks.json`,
          grant_types_supported: ["client_credentials"],
        });
      });

      it("publishes the key from the file in its JWKS, and the previous key after it", async () => {
        const { response, body } = await getJson(`${running.url}/.well-known/jwks.json`);
        expect(response.headers.get("content-type")).toBe("application/jwk-set+json");
        expect(body).toEqual({ keys: [key.publicJwk, previous.publicJwk] });
      });

      it("issues a token to client_secret_basic that verifies against its JWKS", async () => {
        const response = await requestToken(running.url, service, "basic", "read");
        expect(response.headers.get("cache-control")).toBe("no-store");
        const { token, body } = await accessToken(response);
        expect(body).toMatchObject({ expires_in: 600, scope: "read" });
        const jwks = (await getJson(`${running.url}/.well-known/jwks.json`)).body as unknown as JSONWebKeySet;
        const { payload, protectedHeader } = await jwtVerify(token, createLocalJWKSet(jwks), {
          issuer: `http://localhost:${running.port}`,
          audience: "https://api.example.test",
          typ: "at+jwt",
          algorithms: ["ES256"],
        });
        expect(protectedHeader.kid).toBe(key.kid);
        expect(payload).toMatchObject({ sub: "service", client_id: "service", scope: "read" });
        expect((payload.exp ?? 0) - (payload.iat ?? 0)).toBe(600);
      });

      it("issues a token to client_secret_post, with the client's scopes by default", async () => {
        const { body } = await accessToken(await requestToken(running.url, service, "post"));
        expect(body).toMatchObject({ scope: "read write" });
      });

      it("answers a wrong secret with 401 invalid_client and a Basic challenge", async () => {
        const response = await requestToken(running.url, { ...service, client_secret: "wrong-secret" }, "basic");
        expect(response.status).toBe(401);
        expect(response.headers.get("www-authenticate")).toBe(`Basic realm="http://localhost:${running.port}", charset="UTF-8"`);
        expect(await response.json()).toMatchObject({ error: "invalid_client" });
      });

      it("answers GET /whoami with what its own token says of the caller", async () => {
        const { token } = await accessToken(await requestToken(running.url, service, "basic", "read"));
        const response = await whoami(running.url, `Bearer ${token}`);
        const { exp } = (await jwtVerify(token, createLocalJWKSet({ keys: [key.publicJwk] }))).payload;
        expect({ status: response.status, body: await response.json() }).toEqual({
          status: 200,
          body: { client_id: "service", scope: "read", aud: "https://api.example.test", exp },
        });
      });

      it("accepts at GET /whoami a token signed by the previous key", async () => {
        const now = Math.floor(Date.now() / 1000);
        const token = await new SignJWT({ client_id: "service", scope: "write", jti: crypto.randomUUID() })
          .setProtectedHeader({ alg: "EdDSA", typ: "at+jwt", kid: previous.kid })
          .setIssuer(`http://localhost:${running.port}`)
          .setAudience("https://api.example.test")
          .setSubject("service")
          .setIssuedAt(now)
          .setExpirationTime(now + 300)
          .sign(await importJWK(previous.privateJwk, "EdDSA"));
        const response = await whoami(running.url, `Bearer ${token}`);
        expect({ status: response.status, body: await response.json() }).toMatchObject({ status: 200, body: { scope: "write" } });
      });

      it("answers GET /whoami without a token with a bare Bearer challenge, and a bad one with invalid_token", async () => {
        const bare = await whoami(running.url);
        expect(bare.status).toBe(401);
        expect(bare.headers.get("www-authenticate")).toMatch(/^Bearer realm="[^"]+"$/);
        expect(await bare.text()).toBe("");
        const invalid = await whoami(running.url, "Bearer not.a.token");
        expect(invalid.status).toBe(401);
        expect(invalid.headers.get("www-authenticate")).toMatch(/^Bearer realm="[^"]+", error="invalid_token"/);
        expect(await invalid.json()).toMatchObject({ error: "invalid_token" });
      });

      it("revokes a token at /revoke (RFC 7009), after which GET /whoami refuses it and /introspect says inactive", async () => {
        const { token } = await accessToken(await requestToken(running.url, service, "basic", "read"));
        expect((await whoami(running.url, `Bearer ${token}`)).status).toBe(200);
        const form = (body: string) => ({
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded", authorization: basicAuthorization(service.client_id, service.client_secret) },
          body,
          signal: AbortSignal.timeout(10_000),
        });
        const revoked = await fetch(`${running.url}/revoke`, form(`token=${token}`));
        expect({ status: revoked.status, body: await revoked.text() }).toEqual({ status: 200, body: "" });
        const refused = await whoami(running.url, `Bearer ${token}`);
        expect(refused.status).toBe(401);
        expect(refused.headers.get("www-authenticate")).toMatch(/error="invalid_token"/);
        expect(await (await fetch(`${running.url}/introspect`, form(`token=${token}`))).json()).toEqual({ active: false });
      });

      it("refuses a PORT in use with one line naming it", async () => {
        const exit = await runExample(example, { PORT: String(running.port), OAUTH_CLIENTS: clientsJson, OAUTH_PRIVATE_KEY: key.privateKeyPem });
        expect(exit).toEqual({
          code: 1,
          signal: null,
          stdout: "",
          stderr: `error: PORT: port ${running.port} is already in use on 127.0.0.1\n`,
        });
      }, 40_000);

      it("stops on SIGTERM: exit code 0, port released", async () => {
        expect(await running.stop("SIGTERM")).toMatchObject({ code: 0, signal: null });
        expect(await accepts(running.url)).toBe(false);
      }, 20_000);
    });

    describe("the core's revocation and introspection scenario table (OAUTH_ISSUER=http://localhost, the scenario clients)", () => {
      let running: RunningExample;
      beforeAll(async () => {
        running = await startExample(example, { PORT: "0", OAUTH_ISSUER: "http://localhost", OAUTH_CLIENTS: scenarioClientsMetadataJson() });
      }, 40_000);
      afterAll(() => running?.stop());

      for (const scenario of tokenManagementScenarios) {
        it(scenario.name, async () => {
          const send = (request: Parameters<typeof scenarioRequestInit>[0]) =>
            fetch(running.url + request.path, { ...scenarioRequestInit(request), signal: AbortSignal.timeout(10_000) });
          expect(await tokenManagementMismatches(send, scenario)).toEqual([]);
        });
      }
    });

    describe("with no configuration: the demo client", () => {
      let running: RunningExample;
      beforeAll(async () => {
        running = await startExample(example, { PORT: "0" });
      }, 40_000);
      afterAll(() => running?.stop());

      it("warns about the demo client and the generated key, one line each, without the secret", async () => {
        // A Worker logs its warnings through workerd, whose output may trail the listening line.
        await until(() => lines(running.output().stderr).length >= 2, 5_000, "no two lines of warnings").catch(() => {});
        const { stderr } = running.output();
        expect(lines(stderr)).toEqual([
          'warning: OAUTH_CLIENTS is not set: serving only the demo client "demo-client", whose secret is published',
          "warning: OAUTH_PRIVATE_KEY is not set: signing with a key generated at start-up; its tokens will not verify after a restart",
        ]);
        expect(stderr).not.toContain(demo.client_secret);
      });

      it("issues a token to demo-client with its documented secret", async () => {
        const { body } = await accessToken(await requestToken(running.url, demo, "basic"));
        expect(body).toMatchObject({ scope: "read write" });
      });
    });

    describe("with invalid configuration: exit 1 and one line naming the variable", () => {
      const cases = [
        {
          name: "OAUTH_ACCESS_TOKEN_TTL of zero",
          env: { OAUTH_ACCESS_TOKEN_TTL: "0" },
          line: "error: OAUTH_ACCESS_TOKEN_TTL: must be a positive whole number of seconds",
        },
        {
          name: "OAUTH_PRIVATE_KEY that is not a PEM (refused by the core's server.ready)",
          env: { OAUTH_PRIVATE_KEY: "not-a-key-s3cret" },
          line: "error: OAUTH_PRIVATE_KEY: expected a PKCS#8 PEM (-----BEGIN PRIVATE KEY-----)",
        },
      ] as const;

      for (const { name, env, line } of cases) {
        it(name, async () => {
          const exit = await runExample(example, { PORT: "0", OAUTH_CLIENTS: clientsJson, ...env });
          expect(exit).toEqual({ code: 1, signal: null, stdout: "", stderr: `${line}\n` });
        }, 40_000);
      }
    });
  });
}
