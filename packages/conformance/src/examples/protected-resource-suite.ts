import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { decodeJwt } from "jose";
import { describe, expect, it } from "vitest";
import { clientsJson, service } from "./clients.js";
import type { ExampleCommand } from "./example-command.js";
import type { RunningExample } from "./example-process.js";
import { fixture, startedExample, temporaryDirectory } from "./fixtures.js";
import { checkDpopWhoami } from "./dpop-checks.js";
import { accessToken, bareChallenge, invalidTokenChallenge, requestToken, whoami } from "./http.js";
import { generateTestKey, signAccessToken, type TestAccessTokenClaims, type TestKey } from "./keys.js";
import { defaultIssuer } from "./token-checks.js";

/** The resource `GET /whoami` is: `OAUTH_AUDIENCE` in this suite. */
const audience = "https://api.example.test";

/** Tokens signed with the example's key (or claiming to be) that it must refuse, by what is wrong with them. */
const forged: readonly [name: string, sign: (key: TestKey, valid: TestAccessTokenClaims) => Promise<string>][] = [
  ["for another audience, signed with the example's key", (key, valid) => signAccessToken(key, { ...valid, aud: "https://other-api.example.test" })],
  ["from another issuer, signed with the example's key", (key, valid) => signAccessToken(key, { ...valid, iss: "https://other-issuer.example.test" })],
  ["that expired two minutes ago", (key, valid) => signAccessToken(key, { ...valid, expiresIn: -120 })],
  ["signed by another key under the example's kid", async (key, valid) => signAccessToken({ ...(await generateTestKey("ES256")), kid: key.kid }, valid)],
];

/**
 * The demo protected resource, `GET /whoami`, over real HTTP: a valid bearer token gets the
 * caller as the token describes it; anything else gets the RFC 6750 answer. Part of
 * `describeExample`.
 */
export function describeProtectedResource(command: ExampleCommand): void {
  describe("GET /whoami, the demo protected resource (OAUTH_AUDIENCE set)", () => {
    const directory = temporaryDirectory();
    const key = fixture(() => generateTestKey("ES256"));
    const example = startedExample(command, async () => {
      const keyFile = join(directory(), "key.pem");
      await writeFile(keyFile, key().pem, { mode: 0o600 });
      return { PORT: "0", OAUTH_CLIENTS: clientsJson, OAUTH_PRIVATE_KEY_FILE: keyFile, OAUTH_AUDIENCE: audience };
    });

    for (const scope of ["read", "read write"]) {
      it(`answers a token the example issued (scope "${scope}") with exactly its client_id, scope, aud and exp`, () =>
        checkIssuedToken(example(), scope));
    }
    // The control for the forged tokens below: signed here, accepted when nothing is wrong.
    it("answers a token the example's key signed, not issued over HTTP, just the same", () => checkSignedToken(example(), key()));
    it("answers HEAD with a valid token with 200 and no body", () => checkHead(example()));
    it("answers a request without Authorization with 401 and a bare Bearer challenge, no error code", () => checkBareChallenge(example()));
    it("answers Authorization: Basic with 401 and the bare Bearer challenge: it is no bearer token", () =>
      checkBareChallenge(example(), `Basic ${btoa(`${service.client_id}:${service.client_secret}`)}`));
    it("answers a token that is not a JWT with 401 invalid_token", () => checkInvalidToken(example(), "not-a-jwt-garbage"));
    it("binds a token to a DPoP key, accepts it with its proof, refuses it as a Bearer token (RFC 9449)", () => checkDpopWhoami(example().url));
    for (const [name, sign] of forged) {
      it(`answers a token ${name} with 401 invalid_token`, async () =>
        checkInvalidToken(example(), await sign(key(), validClaims(example()))));
    }
  });
}

/** Claims the example accepts, for tokens signed here with its own key. */
function validClaims(example: RunningExample): TestAccessTokenClaims {
  return { iss: defaultIssuer(example), aud: audience, client_id: service.client_id, scope: "read" };
}

async function checkIssuedToken(example: RunningExample, scope: string): Promise<void> {
  const { token } = await accessToken(await requestToken(example.url, { client: service, method: "client_secret_basic", scope }));
  const response = await whoami(example.url, `Bearer ${token}`);
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toMatch(/^application\/json/);
  const body = (await response.json()) as Record<string, unknown>;
  const { exp } = decodeJwt(token);
  expect(body).toEqual({ client_id: service.client_id, scope, aud: audience, exp });
  expect(typeof body.exp).toBe("number");
}

async function checkSignedToken(example: RunningExample, key: TestKey): Promise<void> {
  const token = await signAccessToken(key, validClaims(example));
  const response = await whoami(example.url, `Bearer ${token}`);
  expect(response.status).toBe(200);
  expect(await response.json()).toEqual({ client_id: service.client_id, scope: "read", aud: audience, exp: decodeJwt(token).exp });
}

async function checkHead(example: RunningExample): Promise<void> {
  const { token } = await accessToken(await requestToken(example.url, { client: service, method: "client_secret_basic" }));
  const response = await whoami(example.url, `Bearer ${token}`, "HEAD");
  expect(response.status).toBe(200);
  expect(await response.text()).toBe("");
}

async function checkBareChallenge(example: RunningExample, authorization?: string): Promise<void> {
  const response = await whoami(example.url, authorization);
  expect(response.status).toBe(401);
  expect(response.headers.get("www-authenticate")).toMatch(bareChallenge);
  expect(await response.text()).not.toContain("error");
}

async function checkInvalidToken(example: RunningExample, token: string): Promise<void> {
  const response = await whoami(example.url, `Bearer ${token}`);
  expect(response.status).toBe(401);
  expect(response.headers.get("www-authenticate")).toMatch(invalidTokenChallenge);
  expect(await response.json()).toMatchObject({ error: "invalid_token" });
}
