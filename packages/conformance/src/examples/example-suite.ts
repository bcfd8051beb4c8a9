import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { hashClientSecret } from "@tessera/core";
import { calculateJwkThumbprint, createLocalJWKSet, decodeProtectedHeader, jwtVerify, type JSONWebKeySet } from "jose";
import * as oauth from "oauth4webapi";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  accepts,
  accessToken,
  clientsJson,
  demoClient,
  discover,
  expectNoSecret,
  getJson,
  insecure,
  lines,
  pemLines,
  postOnly,
  requestToken,
  service,
} from "./http.js";
import { generateTestKey, type TestKey } from "./keys.js";
import { describeProtectedResource } from "./protected-resource-suite.js";
import { describeSigningKeys } from "./signing-keys-suite.js";
import { describeTokenLifecycle } from "./token-lifecycle-suite.js";
import { killAll } from "../process.js";
import { exampleCommand, runExample, startExample, type ExampleEnv as Env, type RunningExample } from "./example-process.js";

/**
 * The behaviour every example shows to a user, as tests: the example in `directory` is started
 * as its `pnpm start` script starts it, with a controlled environment, and everything is checked over real HTTP —
 * metadata, JWKS, tokens with both client authentication methods, errors, the demo client,
 * key and client files, ES256 and EdDSA keys, previous keys that keep their tokens verifying,
 * the `oauth4webapi` client end to end, the demo protected resource `GET /whoami`, revocation,
 * introspection and resource indicators (RFC 7009, 7662, 8707), invalid
 * configuration, and shutdown on a signal. Call it once from the example's `main.test.ts`.
 */
export function describeExample(name: string, directory: URL): void {
  const main = exampleCommand(directory);
  describe(`${name}, started as ${main.script}`, () => {
    afterAll(killAll);

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
        let as: oauth.AuthorizationServer;
        beforeAll(async () => {
          as = await discover(`http://localhost:${example.port}`);
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
        expectNoSecret(output, [...pemLines(key.pem), hashed.client_secret]);
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

    describeSigningKeys(main);
    describeProtectedResource(main);
    describeTokenLifecycle(main);

    describe("with invalid configuration: exit 1 and one line naming the variable", () => {
      let directory: string;
      let base: Env;
      let smallKeyFile: string;
      let notAKeyFile: string;
      let goodKey: TestKey;
      let smallKey: TestKey;
      beforeAll(async () => {
        directory = await mkdtemp(join(tmpdir(), "tessera-example-"));
        const keyFile = join(directory, "key.pem");
        smallKeyFile = join(directory, "small-key.pem");
        notAKeyFile = join(directory, "not-a-key.pem");
        goodKey = await generateTestKey("ES256");
        smallKey = await generateTestKey("RS256", { modulusLength: 1024 });
        await writeFile(keyFile, (await generateTestKey()).pem);
        await writeFile(smallKeyFile, smallKey.pem);
        await writeFile(notAKeyFile, "not-a-key-s3cret\n");
        // Complete and valid, so that each case below has exactly one mistake and no warnings.
        base = { PORT: "0", OAUTH_CLIENTS: clientsJson, OAUTH_PRIVATE_KEY_FILE: keyFile };
      });
      afterAll(async () => {
        if (directory !== undefined) await rm(directory, { recursive: true, force: true });
      });

      /** Each case: one mistake, the line it prints, and what must not appear in it besides "s3cret". */
      const cases: readonly { name: string; env: () => Env; line: () => string; secrets?: () => string[] }[] = [
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
          name: "OAUTH_PREVIOUS_PRIVATE_KEYS whose second key has 1024 bits (refused by server.ready)",
          env: () => ({ ...base, OAUTH_PREVIOUS_PRIVATE_KEYS: `${goodKey.pem}\n${smallKey.pem}` }),
          line: () => "error: OAUTH_PREVIOUS_PRIVATE_KEYS: key 2: RSA keys must be at least 2048 bits (RFC 7518 §3.3)",
          secrets: () => [...pemLines(goodKey.pem), ...pemLines(smallKey.pem)],
        },
        {
          name: "OAUTH_PREVIOUS_PRIVATE_KEYS_FILE holding no PEM (refused by server.ready)",
          env: () => ({ ...base, OAUTH_PREVIOUS_PRIVATE_KEYS_FILE: notAKeyFile }),
          line: () => "error: OAUTH_PREVIOUS_PRIVATE_KEYS_FILE: key 1: expected a PKCS#8 PEM (-----BEGIN PRIVATE KEY-----)",
        },
        {
          name: "OAUTH_PREVIOUS_PRIVATE_KEYS and OAUTH_PREVIOUS_PRIVATE_KEYS_FILE together",
          env: () => ({ ...base, OAUTH_PREVIOUS_PRIVATE_KEYS: goodKey.pem, OAUTH_PREVIOUS_PRIVATE_KEYS_FILE: smallKeyFile }),
          line: () =>
            "error: OAUTH_PREVIOUS_PRIVATE_KEYS_FILE: set OAUTH_PREVIOUS_PRIVATE_KEYS or OAUTH_PREVIOUS_PRIVATE_KEYS_FILE, not both",
          secrets: () => pemLines(goodKey.pem),
        },
        {
          name: "OAUTH_PRIVATE_KEY_FILE naming no file",
          env: () => ({ ...base, OAUTH_PRIVATE_KEY_FILE: join(directory, "missing.pem") }),
          line: () => `error: OAUTH_PRIVATE_KEY_FILE: cannot read ${join(directory, "missing.pem")} (ENOENT)`,
        },
      ];

      for (const { name, env, line, secrets = () => [] } of cases) {
        it(name, async () => {
          const exit = await runExample(main, env());
          expect(exit).toEqual({ code: 1, signal: null, stdout: "", stderr: `${line()}\n` });
          expectNoSecret(exit, ["s3cret", ...secrets()]);
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
