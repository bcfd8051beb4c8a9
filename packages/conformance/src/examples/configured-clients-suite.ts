import { createLocalJWKSet, jwtVerify } from "jose";
import * as oauth from "oauth4webapi";
import { describe, expect, it } from "vitest";
import { clientsJson, postOnly, service } from "./clients.js";
import type { ExampleCommand } from "./example-command.js";
import type { RunningExample } from "./example-process.js";
import { fixture, startedExample } from "./fixtures.js";
import { accessToken, bearer, discover, insecure, requestToken } from "./http.js";
import { servedKeys } from "./jwks.js";
import { expectNoSecret, lines, listeningOutput, withoutLog } from "./output.js";
import { checkSlowHeadCut } from "./process-checks.js";
import { checkMetadata, checkTokenForPost, checkWrongSecret, defaultIssuer } from "./token-checks.js";

/**
 * An example with clients from `OAUTH_CLIENTS` and a key generated at start-up, over real HTTP:
 * its output, metadata, JWKS and tokens, both client authentication methods, its errors, and
 * `oauth4webapi` as a client. Part of `describeExample`.
 */
export function describeConfiguredClients(command: ExampleCommand): void {
  describe("with OAUTH_CLIENTS set and no key", () => {
    const example = startedExample(command, () => ({ PORT: "0", OAUTH_CLIENTS: clientsJson }));

    it("prints exactly the listening line on stdout and the key warning on stderr, and no secret", () => checkKeyWarning(example()));
    it("serves RFC 8414 metadata for the default issuer http://localhost:PORT", () => checkMetadata(example()));
    it("serves the JWKS: one public RS256 key whose kid is its RFC 7638 thumbprint", () => checkGeneratedKey(example()));
    it("issues an RFC 9068 access token to client_secret_basic", () => checkTokenForBasic(example()));
    it("issues a token to client_secret_post, with the client's scopes by default", () => checkTokenForPost(example()));
    it("answers a wrong secret with 401 invalid_client and a Basic challenge", () => checkWrongSecret(example()));
    it("answers a scope the client may not have with 400 invalid_scope", () => checkInvalidScope(example()));
    it("holds a client to its token_endpoint_auth_method", () => checkAuthMethodHeld(example()));
    it("cuts a client that never finishes its request head within 14 s", () => checkSlowHeadCut(example()), 20_000);

    describe("with oauth4webapi, a standards-strict client", () => {
      const as = fixture(() => discover(defaultIssuer(example())));
      for (const [method, auth] of [
        ["ClientSecretBasic", oauth.ClientSecretBasic(service.client_secret)],
        ["ClientSecretPost", oauth.ClientSecretPost(service.client_secret)],
      ] as const) {
        it(`discovers the server, gets a token with ${method} and validates it as an RFC 9068 access token`, () =>
          checkOauth4webapiClient(as(), auth));
      }
    });
  });
}

function checkKeyWarning(example: RunningExample): void {
  const { stdout, stderr } = example.output();
  expect(example.url).toMatch(/^http:\/\/127\.0\.0\.1:[1-9][0-9]*$/);
  expect(withoutLog(stdout)).toBe(listeningOutput(example));
  const warnings = lines(stderr);
  expect(warnings).toHaveLength(1);
  expect(warnings[0]).toMatch(/^warning: OAUTH_PRIVATE_KEY is not set: /);
  expectNoSecret({ stdout, stderr }, [service.client_secret, postOnly.client_secret]);
}

async function checkGeneratedKey(example: RunningExample): Promise<void> {
  const { keys } = await servedKeys(example);
  expect(keys).toHaveLength(1);
  expect(keys[0]).toMatchObject({ kty: "RSA", alg: "RS256" });
}

async function checkTokenForBasic(example: RunningExample): Promise<void> {
  const response = await requestToken(example.url, { client: service, method: "client_secret_basic", scope: "read" });
  expect(response.headers.get("cache-control")).toBe("no-store");
  const { token, body } = await accessToken(response);
  expect(body).toMatchObject({ token_type: "Bearer", expires_in: 3600, scope: "read" });
  const issuer = defaultIssuer(example);
  const jwks = await servedKeys(example);
  const { payload, protectedHeader } = await jwtVerify(token, createLocalJWKSet(jwks), {
    issuer,
    audience: issuer,
    typ: "at+jwt",
    algorithms: ["RS256"],
  });
  expect(protectedHeader.kid).toBe(jwks.keys[0]?.kid);
  expect(payload).toMatchObject({ sub: "service", client_id: "service", scope: "read" });
  expect((payload.exp ?? 0) - (payload.iat ?? 0)).toBe(3600);
}

async function checkInvalidScope(example: RunningExample): Promise<void> {
  const response = await requestToken(example.url, { client: service, method: "client_secret_basic", scope: "admin" });
  expect(response.status).toBe(400);
  expect(await response.json()).toMatchObject({ error: "invalid_scope" });
}

async function checkAuthMethodHeld(example: RunningExample): Promise<void> {
  const refused = await requestToken(example.url, { client: postOnly, method: "client_secret_basic" });
  expect(refused.status).toBe(401);
  expect(await refused.json()).toMatchObject({ error: "invalid_client" });
  await accessToken(await requestToken(example.url, { client: postOnly, method: "client_secret_post" }));
}

async function checkOauth4webapiClient(as: oauth.AuthorizationServer, auth: oauth.ClientAuth): Promise<void> {
  const client: oauth.Client = { client_id: service.client_id };
  const response = await oauth.clientCredentialsGrantRequest(as, client, auth, { scope: "write" }, insecure);
  const tokens = await oauth.processClientCredentialsResponse(as, client, response);
  expect(tokens).toMatchObject({ token_type: "bearer", expires_in: 3600, scope: "write" });
  const claims = await oauth.validateJwtAccessToken(as, bearer(tokens.access_token), as.issuer, insecure);
  expect(claims).toMatchObject({ iss: as.issuer, aud: as.issuer, sub: "service", client_id: "service", scope: "write" });
}
