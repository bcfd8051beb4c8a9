import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { hashClientSecret } from "@tessera/core";
import { decodeProtectedHeader, jwtVerify } from "jose";
import { describe, expect, it } from "vitest";
import { clientsJson } from "./clients.js";
import type { ExampleCommand } from "./example-command.js";
import type { ExampleEnv, RunningExample } from "./example-process.js";
import { exampleTimeout, fixture, startedExample, temporaryDirectory } from "./fixtures.js";
import { accessToken, getJson, requestToken } from "./http.js";
import { generateTestKey, type TestKey } from "./keys.js";
import { pemLines } from "./output.js";
import { checkQuietStart, checkStopsOn } from "./process-checks.js";

/** The client `OAUTH_CLIENTS_FILE` registers, by the hash of its secret. */
const hashed = { client_id: "hashed", client_secret: "hashed-client-s3cret-value" } as const;

/**
 * An example configured through files and the other variables, and one whose PEM has its line
 * breaks written as literal `\n`. Part of `describeExample`.
 */
export function describeConfigurationFiles(command: ExampleCommand): void {
  describe("with OAUTH_CLIENTS_FILE, OAUTH_PRIVATE_KEY_FILE, OAUTH_ISSUER, OAUTH_AUDIENCE and OAUTH_ACCESS_TOKEN_TTL", () => {
    const directory = temporaryDirectory();
    const key = fixture(() => generateTestKey());
    const example = startedExample(command, () => filesEnvironment(directory(), key()));

    it("prints only the listening line: nothing to warn about, no key material", () =>
      checkQuietStart(example(), [...pemLines(key().pem), hashed.client_secret]));
    it("publishes the file's key in the JWKS under its RFC 7638 thumbprint", () => checkPublishedKey(example(), key()));
    it("serves metadata for OAUTH_ISSUER", () => checkIssuerMetadata(example()));
    it("signs tokens with the file's key, for OAUTH_AUDIENCE, living OAUTH_ACCESS_TOKEN_TTL seconds", () =>
      checkFileKeyToken(example(), key()));
  });

  describe("with OAUTH_PRIVATE_KEY written with literal \\n escapes", () => {
    const key = fixture(() => generateTestKey());
    const example = startedExample(command, () => ({
      PORT: "0",
      OAUTH_CLIENTS: clientsJson,
      OAUTH_PRIVATE_KEY: key().pem.trim().replaceAll("\n", "\\n"),
    }));

    it("imports the key and prints nothing but the listening line", async () => {
      checkQuietStart(example(), pemLines(key().pem));
      await checkPublishedKey(example(), key());
    });
    it("closes cleanly on SIGINT", () => checkStopsOn(example(), "SIGINT"), exampleTimeout);
  });
}

/** Writes the clients file and the key file into `directory`; the environment that names them. */
async function filesEnvironment(directory: string, key: TestKey): Promise<ExampleEnv> {
  const clientsFile = join(directory, "clients.json");
  const keyFile = join(directory, "key.pem");
  const clients = [{ client_id: hashed.client_id, client_secret_hash: await hashClientSecret(hashed.client_secret), scope: "read" }];
  await writeFile(clientsFile, JSON.stringify({ clients }));
  await writeFile(keyFile, key.pem, { mode: 0o600 });
  return {
    PORT: "0",
    OAUTH_CLIENTS_FILE: clientsFile,
    OAUTH_PRIVATE_KEY_FILE: keyFile,
    OAUTH_ISSUER: "https://auth.example.test",
    OAUTH_AUDIENCE: "https://api.example.test",
    OAUTH_ACCESS_TOKEN_TTL: "600",
  };
}

async function checkPublishedKey(example: RunningExample, key: TestKey): Promise<void> {
  const { body } = await getJson(`${example.url}/.well-known/jwks.json`);
  expect(body.keys).toEqual([expect.objectContaining({ kid: key.kid, kty: "RSA", alg: "RS256" })]);
}

async function checkIssuerMetadata(example: RunningExample): Promise<void> {
  const { body } = await getJson(`${example.url}/.well-known/oauth-authorization-server`);
  expect(body).toMatchObject({ issuer: "https://auth.example.test", token_endpoint: "https://auth.example.test/token" });
}

async function checkFileKeyToken(example: RunningExample, key: TestKey): Promise<void> {
  const { token, body } = await accessToken(await requestToken(example.url, { client: hashed, method: "client_secret_post" }));
  expect(body).toMatchObject({ expires_in: 600, scope: "read" });
  expect(decodeProtectedHeader(token)).toEqual({ alg: "RS256", typ: "at+jwt", kid: key.kid });
  const { payload } = await jwtVerify(token, key.publicKey, {
    issuer: "https://auth.example.test",
    audience: "https://api.example.test",
    typ: "at+jwt",
  });
  expect(payload).toMatchObject({ sub: "hashed", client_id: "hashed", aud: "https://api.example.test" });
  expect((payload.exp ?? 0) - (payload.iat ?? 0)).toBe(600);
}
