import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { decodeJwt } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accessToken, clientsJson, requestToken, service } from "./http.js";
import { generateTestKey, signAccessToken, type TestAccessTokenClaims, type TestKey } from "./keys.js";
import { startExample, type ExampleCommand, type RunningExample } from "./example-process.js";

/** A bare RFC 6750 §3 challenge: the realm and nothing else, no error code. */
const bareChallenge = /^Bearer realm="[^"]+"$/;
/** The RFC 6750 §3.1 challenge for a token that does not verify. */
const invalidTokenChallenge = /^Bearer realm="[^"]+", error="invalid_token"(, |$)/;

/** GET `${base}/whoami`, with `authorization` if given. */
function whoami(base: string, authorization?: string, method = "GET"): Promise<Response> {
  return fetch(`${base}/whoami`, { method, headers: authorization === undefined ? {} : { authorization } });
}

/**
 * The demo protected resource, `GET /whoami`, over real HTTP: a valid bearer token gets the
 * caller as the token describes it; anything else gets the RFC 6750 answer. Part of
 * `describeExample`.
 */
export function describeProtectedResource(main: ExampleCommand): void {
  describe("GET /whoami, the demo protected resource (OAUTH_AUDIENCE set)", () => {
    const audience = "https://api.example.test";
    let directory: string;
    let key: TestKey;
    let example: RunningExample;
    let issuer: string;
    /** Claims the example would accept, for tokens signed here with its own key. */
    let valid: TestAccessTokenClaims;
    beforeAll(async () => {
      directory = await mkdtemp(join(tmpdir(), "tessera-example-"));
      key = await generateTestKey("ES256");
      const keyFile = join(directory, "key.pem");
      await writeFile(keyFile, key.pem, { mode: 0o600 });
      example = await startExample(main, {
        PORT: "0",
        OAUTH_CLIENTS: clientsJson,
        OAUTH_PRIVATE_KEY_FILE: keyFile,
        OAUTH_AUDIENCE: audience,
      });
      issuer = `http://localhost:${example.port}`;
      valid = { iss: issuer, aud: audience, client_id: service.client_id, scope: "read" };
    });
    afterAll(async () => {
      await example?.stop();
      if (directory !== undefined) await rm(directory, { recursive: true, force: true });
    });

    for (const scope of ["read", "read write"]) {
      it(`answers a token the example issued (scope "${scope}") with exactly its client_id, scope, aud and exp`, async () => {
        const { token } = await accessToken(await requestToken(example.url, { client: service, method: "client_secret_basic", scope }));
        const response = await whoami(example.url, `Bearer ${token}`);
        expect(response.status).toBe(200);
        expect(response.headers.get("content-type")).toMatch(/^application\/json/);
        const body = (await response.json()) as Record<string, unknown>;
        const { exp } = decodeJwt(token);
        expect(body).toEqual({ client_id: service.client_id, scope, aud: audience, exp });
        expect(typeof body.exp).toBe("number");
      });
    }

    it("answers a token the example's key signed, not issued over HTTP, just the same", async () => {
      // The control for the forged tokens below: signed here, accepted when nothing is wrong.
      const token = await signAccessToken(key, valid);
      const response = await whoami(example.url, `Bearer ${token}`);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ client_id: service.client_id, scope: "read", aud: audience, exp: decodeJwt(token).exp });
    });

    it("answers HEAD with a valid token with 200 and no body", async () => {
      const { token } = await accessToken(await requestToken(example.url, { client: service, method: "client_secret_basic" }));
      const response = await whoami(example.url, `Bearer ${token}`, "HEAD");
      expect(response.status).toBe(200);
      expect(await response.text()).toBe("");
    });

    it("answers a request without Authorization with 401 and a bare Bearer challenge, no error code", async () => {
      const response = await whoami(example.url);
      expect(response.status).toBe(401);
      expect(response.headers.get("www-authenticate")).toMatch(bareChallenge);
      expect(await response.text()).not.toContain("error");
    });

    it("answers Authorization: Basic with 401 and the bare Bearer challenge: it is no bearer token", async () => {
      const response = await whoami(example.url, `Basic ${btoa(`${service.client_id}:${service.client_secret}`)}`);
      expect(response.status).toBe(401);
      expect(response.headers.get("www-authenticate")).toMatch(bareChallenge);
      expect(await response.text()).not.toContain("error");
    });

    it("answers a token that is not a JWT with 401 invalid_token", async () => {
      const response = await whoami(example.url, "Bearer not-a-jwt-garbage");
      expect(response.status).toBe(401);
      expect(response.headers.get("www-authenticate")).toMatch(invalidTokenChallenge);
      expect(await response.json()).toMatchObject({ error: "invalid_token" });
    });

    const forged: readonly [name: string, sign: () => Promise<string>][] = [
      ["for another audience, signed with the example's key", () => signAccessToken(key, { ...valid, aud: "https://other-api.example.test" })],
      ["from another issuer, signed with the example's key", () => signAccessToken(key, { ...valid, iss: "https://other-issuer.example.test" })],
      ["that expired two minutes ago", () => signAccessToken(key, { ...valid, expiresIn: -120 })],
      ["signed by another key under the example's kid", async () => signAccessToken({ ...(await generateTestKey("ES256")), kid: key.kid }, valid)],
    ];

    for (const [name, sign] of forged) {
      it(`answers a token ${name} with 401 invalid_token`, async () => {
        const response = await whoami(example.url, `Bearer ${await sign()}`);
        expect(response.status).toBe(401);
        expect(response.headers.get("www-authenticate")).toMatch(invalidTokenChallenge);
        expect(await response.json()).toMatchObject({ error: "invalid_token" });
      });
    }
  });
}
