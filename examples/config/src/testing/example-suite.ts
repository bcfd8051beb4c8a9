import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { hashClientSecret } from "@tessera/core";
import { basicAuthorization } from "@tessera/core/testing";
import { calculateJwkThumbprint, createLocalJWKSet, decodeProtectedHeader, jwtVerify, type JSONWebKeySet } from "jose";
import * as oauth from "oauth4webapi";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoClient, type ClientMetadata } from "../clients.js";
import type { Env } from "../env.js";
import { generateTestKey, type TestKey } from "./keys.js";
import { runExample, startExample, stopAllExamples, type RunningExample } from "./spawn.js";

/** The clients the suite registers through `OAUTH_CLIENTS`. */
const service = { client_id: "service", client_secret: "service-s3cret-value", scope: "read write" } as const;
const postOnly = {
  client_id: "post-only",
  client_secret: "post-only-s3cret-value",
  scope: "read",
  token_endpoint_auth_method: "client_secret_post",
} as const;
const clientsJson = JSON.stringify({ clients: [service, postOnly] satisfies ClientMetadata[] });

interface TokenRequest {
  readonly client: { readonly client_id: string; readonly client_secret: string };
  readonly method: "client_secret_basic" | "client_secret_post";
  readonly scope?: string;
}

/** POSTs a client credentials request to `${base}/token`. */
function requestToken(base: string, { client, method, scope }: TokenRequest): Promise<Response> {
  const body = new URLSearchParams({ grant_type: "client_credentials" });
  if (scope !== undefined) body.set("scope", scope);
  const headers: Record<string, string> = { "content-type": "application/x-www-form-urlencoded" };
  if (method === "client_secret_basic") {
    headers.authorization = basicAuthorization(client.client_id, client.client_secret);
  } else {
    body.set("client_id", client.client_id);
    body.set("client_secret", client.client_secret);
  }
  return fetch(`${base}/token`, { method: "POST", headers, body });
}

async function getJson(url: string): Promise<{ response: Response; body: Record<string, unknown> }> {
  const response = await fetch(url);
  return { response, body: (await response.json()) as Record<string, unknown> };
}

async function accessToken(response: Response): Promise<{ token: string; body: Record<string, unknown> }> {
  expect(response.status).toBe(200);
  const body = (await response.json()) as Record<string, unknown>;
  expect(typeof body.access_token).toBe("string");
  return { token: body.access_token as string, body };
}

function lines(text: string): string[] {
  return text.split("\n").filter((line) => line !== "");
}

/** Asserts that nothing an example printed contains any of `secrets`. */
function expectNoSecret(output: { stdout: string; stderr: string }, secrets: readonly string[]): void {
  for (const secret of secrets) {
    expect(output.stdout).not.toContain(secret);
    expect(output.stderr).not.toContain(secret);
  }
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

/** The body of a PEM, the part that must never be printed. */
function pemBody(pem: string): string {
  return pem.split("\n")[1] ?? pem;
}

/**
 * The behaviour every example shows to a user, as tests: `main` (the example's `dist/main.js`)
 * is started with `node` and a controlled environment, and everything is checked over real HTTP —
 * metadata, JWKS, tokens with both client authentication methods, errors, the demo client,
 * key and client files, the `oauth4webapi` client end to end, invalid configuration, and
 * shutdown on a signal. Call it once from the example's `main.test.ts`.
 */
export function describeExample(name: string, main: URL): void {
  describe(`${name}, started as node dist/main.js`, () => {
    afterAll(stopAllExamples);

    describe("with OAUTH_CLIENTS set and no key", () => {
      let example: RunningExample;
      beforeAll(async () => {
        example = await startExample(main, { PORT: "0", OAUTH_CLIENTS: clientsJson });
      });
      afterAll(() => example?.stop());

      it("prints exactly the listening line on stdout and the key warning on stderr, and no secret", () => {
        const { stdout, stderr } = example.output();
        expect(example.url).toMatch(/^http:\/\/127\.0\.0\.1:[1-9][0-9]*$/);
        expect(stdout).toBe(`Tessera token server listening on ${example.url}\n`);
        const warnings = lines(stderr);
        expect(warnings).toHaveLength(1);
        expect(warnings[0]).toMatch(/^warning: OAUTH_PRIVATE_KEY is not set: /);
        expectNoSecret({ stdout, stderr }, [service.client_secret, postOnly.client_secret]);
      });

      it("serves RFC 8414 metadata for the default issuer http://localhost:PORT", async () => {
        const issuer = `http://localhost:${example.port}`;
        const { response, body } = await getJson(`${example.url}/.well-known/oauth-authorization-server`);
        expect(response.status).toBe(200);
        expect(response.headers.get("content-type")).toBe("application/json");
        expect(body).toMatchObject({
          issuer,
          token_endpoint: `${issuer}/token`,
          jwks_uri: `${issuer}/.well-known/jwks.json`,
          grant_types_supported: ["client_credentials"],
          token_endpoint_auth_methods_supported: ["client_secret_basic", "client_secret_post"],
        });
      });

      it("serves the JWKS: one public RS256 key whose kid is its RFC 7638 thumbprint", async () => {
        const { response, body } = await getJson(`${example.url}/.well-known/jwks.json`);
        expect(response.status).toBe(200);
        expect(response.headers.get("content-type")).toBe("application/jwk-set+json");
        const { keys } = body as unknown as JSONWebKeySet;
        expect(keys).toHaveLength(1);
        const { kid, n, e, ...rest } = keys[0] ?? {};
        expect(rest).toEqual({ kty: "RSA", alg: "RS256", use: "sig" }); // public members only
        expect(kid).toBe(await calculateJwkThumbprint({ kty: "RSA", n: n ?? "", e: e ?? "" }, "sha256"));
      });

      it("issues an RFC 9068 access token to client_secret_basic", async () => {
        const response = await requestToken(example.url, { client: service, method: "client_secret_basic", scope: "read" });
        expect(response.headers.get("cache-control")).toBe("no-store");
        const { token, body } = await accessToken(response);
        expect(body).toMatchObject({ token_type: "Bearer", expires_in: 3600, scope: "read" });
        const issuer = `http://localhost:${example.port}`;
        const jwks = (await getJson(`${example.url}/.well-known/jwks.json`)).body as unknown as JSONWebKeySet;
        const { payload, protectedHeader } = await jwtVerify(token, createLocalJWKSet(jwks), {
          issuer,
          audience: issuer,
          typ: "at+jwt",
          algorithms: ["RS256"],
        });
        expect(protectedHeader.kid).toBe(jwks.keys[0]?.kid);
        expect(payload).toMatchObject({ sub: "service", client_id: "service", scope: "read" });
        expect((payload.exp ?? 0) - (payload.iat ?? 0)).toBe(3600);
      });

      it("issues a token to client_secret_post, with the client's scopes by default", async () => {
        const response = await requestToken(example.url, { client: service, method: "client_secret_post" });
        const { body } = await accessToken(response);
        expect(body).toMatchObject({ token_type: "Bearer", scope: "read write" });
      });

      it("answers a wrong secret with 401 invalid_client and a Basic challenge", async () => {
        const response = await requestToken(example.url, {
          client: { client_id: service.client_id, client_secret: "wrong-secret" },
          method: "client_secret_basic",
        });
        expect(response.status).toBe(401);
        expect(response.headers.get("www-authenticate")).toMatch(/^Basic realm=/);
        expect(await response.json()).toMatchObject({ error: "invalid_client" });
      });

      it("answers a scope the client may not have with 400 invalid_scope", async () => {
        const response = await requestToken(example.url, { client: service, method: "client_secret_basic", scope: "admin" });
        expect(response.status).toBe(400);
        expect(await response.json()).toMatchObject({ error: "invalid_scope" });
      });

      it("holds a client to its token_endpoint_auth_method", async () => {
        const refused = await requestToken(example.url, { client: postOnly, method: "client_secret_basic" });
        expect(refused.status).toBe(401);
        expect(await refused.json()).toMatchObject({ error: "invalid_client" });
        await accessToken(await requestToken(example.url, { client: postOnly, method: "client_secret_post" }));
      });

      describe("with oauth4webapi, a standards-strict client", () => {
        // http is allowed on loopback only; oauth4webapi insists on saying so explicitly.
        const insecure = { [oauth.allowInsecureRequests]: true } as const;
        let as: oauth.AuthorizationServer;
        beforeAll(async () => {
          const issuer = new URL(`http://localhost:${example.port}`);
          const response = await oauth.discoveryRequest(issuer, { algorithm: "oauth2", ...insecure });
          as = await oauth.processDiscoveryResponse(issuer, response);
        });

        for (const [method, auth] of [
          ["ClientSecretBasic", oauth.ClientSecretBasic(service.client_secret)],
          ["ClientSecretPost", oauth.ClientSecretPost(service.client_secret)],
        ] as const) {
          it(`discovers the server, gets a token with ${method} and validates it as an RFC 9068 access token`, async () => {
            const client: oauth.Client = { client_id: service.client_id };
            const response = await oauth.clientCredentialsGrantRequest(as, client, auth, { scope: "write" }, insecure);
            const tokens = await oauth.processClientCredentialsResponse(as, client, response);
            expect(tokens).toMatchObject({ token_type: "bearer", expires_in: 3600, scope: "write" });

            const resourceRequest = new Request("http://localhost/resource", {
              headers: { authorization: `Bearer ${tokens.access_token}` },
            });
            const claims = await oauth.validateJwtAccessToken(as, resourceRequest, as.issuer, insecure);
            expect(claims).toMatchObject({ iss: as.issuer, aud: as.issuer, sub: "service", client_id: "service", scope: "write" });
          });
        }
      });
    });

    describe("with no OAUTH_CLIENTS: the demo client", () => {
      let example: RunningExample;
      beforeAll(async () => {
        example = await startExample(main, { PORT: "0" });
      });
      afterAll(() => example?.stop());

      it("warns about the demo client and the generated key, one line each, without printing the secret", () => {
        const { stdout, stderr } = example.output();
        expect(stdout).toBe(`Tessera token server listening on ${example.url}\n`);
        const warnings = lines(stderr);
        expect(warnings).toHaveLength(2);
        expect(warnings.every((line) => line.startsWith("warning: "))).toBe(true);
        expect(stderr).toMatch(/^warning: OAUTH_CLIENTS is not set: .*demo-client/m);
        expect(stderr).toMatch(/^warning: OAUTH_PRIVATE_KEY is not set: /m);
        expectNoSecret({ stdout, stderr }, [demoClient.client_secret]);
      });

      it("issues a token to demo-client with its documented secret", async () => {
        const response = await requestToken(example.url, { client: demoClient, method: "client_secret_basic" });
        const { body } = await accessToken(response);
        expect(body).toMatchObject({ token_type: "Bearer", scope: "read write" });
      });

      it("closes cleanly on SIGTERM: exit code 0, port released", async () => {
        const exit = await example.stop("SIGTERM");
        expect(exit).toMatchObject({ code: 0, signal: null });
        expect(await accepts(example.url)).toBe(false);
      });
    });

    describe("with OAUTH_CLIENTS_FILE, OAUTH_PRIVATE_KEY_FILE, OAUTH_ISSUER, OAUTH_AUDIENCE and OAUTH_ACCESS_TOKEN_TTL", () => {
      const hashed = { client_id: "hashed", client_secret: "hashed-client-s3cret-value" } as const;
      let directory: string;
      let key: TestKey;
      let example: RunningExample;
      beforeAll(async () => {
        directory = await mkdtemp(join(tmpdir(), "tessera-example-"));
        key = await generateTestKey();
        const clientsFile = join(directory, "clients.json");
        const keyFile = join(directory, "key.pem");
        const clients = [{ client_id: hashed.client_id, client_secret_hash: await hashClientSecret(hashed.client_secret), scope: "read" }];
        await writeFile(clientsFile, JSON.stringify({ clients }));
        await writeFile(keyFile, key.pem, { mode: 0o600 });
        example = await startExample(main, {
          PORT: "0",
          OAUTH_CLIENTS_FILE: clientsFile,
          OAUTH_PRIVATE_KEY_FILE: keyFile,
          OAUTH_ISSUER: "https://auth.example.test",
          OAUTH_AUDIENCE: "https://api.example.test",
          OAUTH_ACCESS_TOKEN_TTL: "600",
        });
      });
      afterAll(async () => {
        await example?.stop();
        if (directory !== undefined) await rm(directory, { recursive: true, force: true });
      });

      it("prints only the listening line: nothing to warn about, no key material", () => {
        const output = example.output();
        expect(output).toEqual({ stdout: `Tessera token server listening on ${example.url}\n`, stderr: "" });
        expectNoSecret(output, [pemBody(key.pem), hashed.client_secret]);
      });

      it("publishes the file's key in the JWKS under its RFC 7638 thumbprint", async () => {
        const { body } = await getJson(`${example.url}/.well-known/jwks.json`);
        expect(body.keys).toEqual([expect.objectContaining({ kid: key.kid, kty: "RSA", alg: "RS256" })]);
      });

      it("serves metadata for OAUTH_ISSUER", async () => {
        const { body } = await getJson(`${example.url}/.well-known/oauth-authorization-server`);
        expect(body).toMatchObject({
          issuer: "https://auth.example.test",
          token_endpoint: "https://auth.example.test/token",
        });
      });

      it("signs tokens with the file's key, for OAUTH_AUDIENCE, living OAUTH_ACCESS_TOKEN_TTL seconds", async () => {
        const response = await requestToken(example.url, { client: hashed, method: "client_secret_post" });
        const { token, body } = await accessToken(response);
        expect(body).toMatchObject({ expires_in: 600, scope: "read" });
        expect(decodeProtectedHeader(token)).toEqual({ alg: "RS256", typ: "at+jwt", kid: key.kid });
        const { payload } = await jwtVerify(token, key.publicKey, {
          issuer: "https://auth.example.test",
          audience: "https://api.example.test",
          typ: "at+jwt",
        });
        expect(payload).toMatchObject({ sub: "hashed", client_id: "hashed", aud: "https://api.example.test" });
        expect((payload.exp ?? 0) - (payload.iat ?? 0)).toBe(600);
      });
    });

    describe("with OAUTH_PRIVATE_KEY written with literal \\n escapes", () => {
      let key: TestKey;
      let example: RunningExample;
      beforeAll(async () => {
        key = await generateTestKey();
        example = await startExample(main, {
          PORT: "0",
          OAUTH_CLIENTS: clientsJson,
          OAUTH_PRIVATE_KEY: key.pem.trim().replaceAll("\n", "\\n"),
        });
      });
      afterAll(() => example?.stop());

      it("imports the key and prints nothing but the listening line", async () => {
        expect(example.output().stderr).toBe("");
        const { body } = await getJson(`${example.url}/.well-known/jwks.json`);
        expect(body.keys).toEqual([expect.objectContaining({ kid: key.kid })]);
      });

      it("closes cleanly on SIGINT", async () => {
        expect(await example.stop("SIGINT")).toMatchObject({ code: 0, signal: null });
        expect(await accepts(example.url)).toBe(false);
      });
    });

    describe("with invalid configuration: exit 1 and one line naming the variable", () => {
      let directory: string;
      let base: Env;
      let smallKeyFile: string;
      beforeAll(async () => {
        directory = await mkdtemp(join(tmpdir(), "tessera-example-"));
        const keyFile = join(directory, "key.pem");
        smallKeyFile = join(directory, "small-key.pem");
        await writeFile(keyFile, (await generateTestKey()).pem);
        await writeFile(smallKeyFile, (await generateTestKey(1024)).pem);
        // Complete and valid, so that each case below has exactly one mistake and no warnings.
        base = { PORT: "0", OAUTH_CLIENTS: clientsJson, OAUTH_PRIVATE_KEY_FILE: keyFile };
      });
      afterAll(async () => {
        if (directory !== undefined) await rm(directory, { recursive: true, force: true });
      });

      const cases: readonly { name: string; env: () => Env; line: () => string }[] = [
        {
          name: "PORT that is not a number",
          env: () => ({ ...base, PORT: "http" }),
          line: () => "error: PORT: must be a whole number from 0 to 65535 (0 picks a free port)",
        },
        {
          name: "HOST that is a URL",
          env: () => ({ ...base, HOST: "http://localhost" }),
          line: () => "error: HOST: must be a host name or IP address, such as 127.0.0.1 or ::1",
        },
        {
          name: "OAUTH_CLIENTS with a misspelt field",
          env: () => ({ ...base, OAUTH_CLIENTS: '{"clients":[{"client_id":"svc","client_secret":"s3cret-in-typo","scopes":"read"}]}' }),
          line: () => 'error: OAUTH_CLIENTS: client svc: unknown field "scopes"',
        },
        {
          name: "OAUTH_CLIENTS that is not JSON",
          env: () => ({ ...base, OAUTH_CLIENTS: '{"clients":[{"client_id":"svc","client_secret":"s3cret-in-typo"' }),
          line: () => "error: OAUTH_CLIENTS: is not valid JSON",
        },
        {
          name: "OAUTH_CLIENTS and OAUTH_CLIENTS_FILE together",
          env: () => ({ ...base, OAUTH_CLIENTS_FILE: join(directory, "clients.json") }),
          line: () => "error: OAUTH_CLIENTS_FILE: set OAUTH_CLIENTS or OAUTH_CLIENTS_FILE, not both",
        },
        {
          name: "OAUTH_ACCESS_TOKEN_TTL of zero",
          env: () => ({ ...base, OAUTH_ACCESS_TOKEN_TTL: "0" }),
          line: () => "error: OAUTH_ACCESS_TOKEN_TTL: must be a positive whole number of seconds",
        },
        {
          name: "OAUTH_AUDIENCE set but empty",
          env: () => ({ ...base, OAUTH_AUDIENCE: "" }),
          line: () => "error: OAUTH_AUDIENCE: is set but empty; unset it to use the default",
        },
        {
          name: "OAUTH_ISSUER over http for a host that is not loopback (refused by the core)",
          env: () => ({ ...base, OAUTH_ISSUER: "http://auth.example.com" }),
          line: () => "error: OAUTH_ISSUER: must use https (http is allowed only for localhost)",
        },
        {
          name: "OAUTH_PRIVATE_KEY that is not a PEM (refused by server.ready)",
          env: () => ({ ...base, OAUTH_PRIVATE_KEY_FILE: undefined, OAUTH_PRIVATE_KEY: "not-a-key-s3cret" }),
          line: () => "error: OAUTH_PRIVATE_KEY: expected a PKCS#8 PEM (-----BEGIN PRIVATE KEY-----)",
        },
        {
          name: "OAUTH_PRIVATE_KEY_FILE holding a 1024-bit key (refused by server.ready)",
          env: () => ({ ...base, OAUTH_PRIVATE_KEY_FILE: smallKeyFile }),
          line: () => "error: OAUTH_PRIVATE_KEY_FILE: RSA keys must be at least 2048 bits (RFC 7518 §3.3)",
        },
        {
          name: "OAUTH_PRIVATE_KEY_FILE naming no file",
          env: () => ({ ...base, OAUTH_PRIVATE_KEY_FILE: join(directory, "missing.pem") }),
          line: () => `error: OAUTH_PRIVATE_KEY_FILE: cannot read ${join(directory, "missing.pem")} (ENOENT)`,
        },
      ];

      for (const { name, env, line } of cases) {
        it(name, async () => {
          const exit = await runExample(main, env());
          expect(exit).toEqual({ code: 1, signal: null, stdout: "", stderr: `${line()}\n` });
          expectNoSecret(exit, ["s3cret"]);
        });
      }

      it("PORT already in use", async () => {
        const first = await startExample(main, base);
        try {
          const exit = await runExample(main, { ...base, PORT: String(first.port) });
          expect(exit).toEqual({
            code: 1,
            signal: null,
            stdout: "",
            stderr: `error: PORT: port ${first.port} is already in use on 127.0.0.1\n`,
          });
        } finally {
          await first.stop();
        }
      });
    });
  });
}
