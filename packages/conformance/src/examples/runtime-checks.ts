/**
 * Checks of the runtime smoke suite, against an example with an ES256 key from
 * `OAUTH_PRIVATE_KEY_FILE`, an EdDSA key in `OAUTH_PREVIOUS_PRIVATE_KEYS` and `OAUTH_AUDIENCE`:
 * its JWKS compared whole, a token verified against it, and the demo protected resource, with
 * revocation, asked directly over HTTP.
 */
import type { GeneratedSigningKey } from "@tessera/core";
import { createLocalJWKSet, importJWK, jwtVerify, SignJWT, type JSONWebKeySet } from "jose";
import { expect } from "vitest";
import { service } from "./clients.js";
import type { RunningExample } from "./example-process.js";
import { accessToken, bareChallenge, getJson, invalidTokenChallenge, postToken, requestToken, whoami } from "./http.js";
import { defaultIssuer } from "./token-checks.js";

/** The resource the runtime examples are configured for, through `OAUTH_AUDIENCE`. */
export const runtimeAudience = "https://api.example.test";

/** The signing key from `OAUTH_PRIVATE_KEY_FILE` and the previous key from `OAUTH_PREVIOUS_PRIVATE_KEYS`. */
export interface RuntimeKeys {
  readonly key: GeneratedSigningKey;
  readonly previous: GeneratedSigningKey;
}

/** The JWKS holds exactly the signing key and, after it, the previous key. */
export async function checkPublishedKeys(example: RunningExample, { key, previous }: RuntimeKeys): Promise<void> {
  const { response, body } = await getJson(`${example.url}/.well-known/jwks.json`);
  expect(response.headers.get("content-type")).toBe("application/jwk-set+json");
  expect(body).toEqual({ keys: [key.publicJwk, previous.publicJwk] });
}

/** A token for client_secret_basic, verified against the served JWKS: ES256, the key's kid, the audience and TTL configured. */
export async function checkVerifiedToken(example: RunningExample, { key }: RuntimeKeys): Promise<void> {
  const response = await requestToken(example.url, { client: service, method: "client_secret_basic", scope: "read" });
  expect(response.headers.get("cache-control")).toBe("no-store");
  const { token, body } = await accessToken(response);
  expect(body).toMatchObject({ expires_in: 600, scope: "read" });
  const jwks = (await getJson(`${example.url}/.well-known/jwks.json`)).body as unknown as JSONWebKeySet;
  const { payload, protectedHeader } = await jwtVerify(token, createLocalJWKSet(jwks), {
    issuer: defaultIssuer(example),
    audience: runtimeAudience,
    typ: "at+jwt",
    algorithms: ["ES256"],
  });
  expect(protectedHeader.kid).toBe(key.kid);
  expect(payload).toMatchObject({ sub: "service", client_id: "service", scope: "read" });
  expect((payload.exp ?? 0) - (payload.iat ?? 0)).toBe(600);
}

/** GET /whoami answers a token the example issued with exactly what the token says. */
export async function checkWhoami(example: RunningExample, { key }: RuntimeKeys): Promise<void> {
  const { token } = await accessToken(await requestToken(example.url, { client: service, method: "client_secret_basic", scope: "read" }));
  const response = await whoami(example.url, `Bearer ${token}`);
  const { exp } = (await jwtVerify(token, createLocalJWKSet({ keys: [key.publicJwk] }))).payload;
  expect({ status: response.status, body: await response.json() }).toEqual({
    status: 200,
    body: { client_id: "service", scope: "read", aud: runtimeAudience, exp },
  });
}

/** GET /whoami accepts a token that the previous key signed. */
export async function checkPreviousKeyAccepted(example: RunningExample, { previous }: RuntimeKeys): Promise<void> {
  const now = Math.floor(Date.now() / 1000);
  const token = await new SignJWT({ client_id: "service", scope: "write", jti: crypto.randomUUID() })
    .setProtectedHeader({ alg: "EdDSA", typ: "at+jwt", kid: previous.kid })
    .setIssuer(defaultIssuer(example))
    .setAudience(runtimeAudience)
    .setSubject("service")
    .setIssuedAt(now)
    .setExpirationTime(now + 300)
    .sign(await importJWK(previous.privateJwk, "EdDSA"));
  const response = await whoami(example.url, `Bearer ${token}`);
  expect({ status: response.status, body: await response.json() }).toMatchObject({ status: 200, body: { scope: "write" } });
}

/** GET /whoami without a token: a bare Bearer challenge and no body; with a bad one: invalid_token. */
export async function checkWhoamiRefusals(example: RunningExample): Promise<void> {
  const bare = await whoami(example.url);
  expect(bare.status).toBe(401);
  expect(bare.headers.get("www-authenticate")).toMatch(bareChallenge);
  expect(await bare.text()).toBe("");
  const invalid = await whoami(example.url, "Bearer not.a.token");
  expect(invalid.status).toBe(401);
  expect(invalid.headers.get("www-authenticate")).toMatch(invalidTokenChallenge);
  expect(await invalid.json()).toMatchObject({ error: "invalid_token" });
}

/** A token revoked at /revoke (RFC 7009) is refused by GET /whoami at once, and /introspect calls it inactive. */
export async function checkRevokedRefused(example: RunningExample): Promise<void> {
  const { token } = await accessToken(await requestToken(example.url, { client: service, method: "client_secret_basic", scope: "read" }));
  expect((await whoami(example.url, `Bearer ${token}`)).status).toBe(200);
  const revoked = await postToken(`${example.url}/revoke`, service, token);
  expect({ status: revoked.status, body: await revoked.text() }).toEqual({ status: 200, body: "" });
  const refused = await whoami(example.url, `Bearer ${token}`);
  expect(refused.status).toBe(401);
  expect(refused.headers.get("www-authenticate")).toMatch(/error="invalid_token"/);
  expect(await (await postToken(`${example.url}/introspect`, service, token)).json()).toEqual({ active: false });
}
