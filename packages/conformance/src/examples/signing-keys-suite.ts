import { calculateJwkThumbprint, createLocalJWKSet, decodeProtectedHeader, jwtVerify, type JWK, type JSONWebKeySet } from "jose";
import * as oauth from "oauth4webapi";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accessToken, clientsJson, discover, expectNoSecret, getJson, insecure, pemLines, requestToken, service } from "./http.js";
import { generateTestKey, signAccessToken, type TestKey } from "./keys.js";
import { startExample, type ExampleCommand, type RunningExample } from "./example-process.js";

/**
 * The public members RFC 7638 §3.2 hashes, for each key type: all that a JWKS entry may hold
 * besides `kid`, `alg` and `use`.
 */
const publicMembers: Readonly<Record<string, readonly string[]>> = {
  RSA: ["e", "kty", "n"],
  EC: ["crv", "kty", "x", "y"],
  OKP: ["crv", "kty", "x"],
};

/** The served JWKS, each key checked: public members only, and `kid` its RFC 7638 thumbprint. */
async function servedKeys(example: RunningExample): Promise<JSONWebKeySet> {
  const { response, body } = await getJson(`${example.url}/.well-known/jwks.json`);
  expect(response.status).toBe(200);
  const jwks = body as unknown as JSONWebKeySet;
  for (const { kid, alg, use, ...members } of jwks.keys) {
    expect(Object.keys(members).sort()).toEqual(publicMembers[members.kty ?? ""]);
    expect(use).toBe("sig");
    expect(typeof alg).toBe("string");
    expect(kid).toBe(await calculateJwkThumbprint(members as JWK, "sha256"));
  }
  return jwks;
}

/** A request to a resource server carrying `token`, for oauth4webapi's `validateJwtAccessToken`. */
function bearer(token: string): Request {
  return new Request("http://localhost/resource", { headers: { authorization: `Bearer ${token}` } });
}

/**
 * The signing key settings over real HTTP: `OAUTH_PREVIOUS_PRIVATE_KEYS` keeps a rotated-out
 * key's tokens verifying, and an EC P-256 `OAUTH_PRIVATE_KEY` signs ES256. Part of
 * `describeExample`.
 */
export function describeSigningKeys(main: ExampleCommand): void {
  describe("with an Ed25519 OAUTH_PRIVATE_KEY and OAUTH_PREVIOUS_PRIVATE_KEYS holding an RSA and an EC P-256 key", () => {
    let current: TestKey;
    let previous: readonly TestKey[];
    let example: RunningExample;
    let issuer: string;
    beforeAll(async () => {
      [current, ...previous] = await Promise.all([generateTestKey("EdDSA"), generateTestKey("RS256"), generateTestKey("ES256")]);
      example = await startExample(main, {
        PORT: "0",
        OAUTH_CLIENTS: clientsJson,
        OAUTH_PRIVATE_KEY: current.pem,
        OAUTH_PREVIOUS_PRIVATE_KEYS: previous.map((key) => key.pem.trim()).join("\n\n"),
      });
      issuer = `http://localhost:${example.port}`;
    });
    afterAll(() => example?.stop());

    it("prints only the listening line, and no key material", () => {
      const output = example.output();
      expect(output).toEqual({ stdout: `Tessera token server listening on ${example.url}\n`, stderr: "" });
      expectNoSecret(output, [current, ...previous].flatMap((key) => pemLines(key.pem)));
    });

    it("publishes all three keys in the JWKS, each under its RFC 7638 thumbprint", async () => {
      const { keys } = await servedKeys(example);
      const published = keys.map(({ kid, alg }) => ({ kid, alg }));
      expect(published).toHaveLength(3);
      expect(published).toEqual(expect.arrayContaining([current, ...previous].map(({ kid, alg }) => ({ kid, alg }))));
    });

    it("signs new tokens with OAUTH_PRIVATE_KEY: EdDSA, under its kid", async () => {
      const { token } = await accessToken(await requestToken(example.url, { client: service, method: "client_secret_basic" }));
      expect(decodeProtectedHeader(token)).toEqual({ alg: "EdDSA", typ: "at+jwt", kid: current.kid });
      const { payload } = await jwtVerify(token, current.publicKey, { issuer, audience: issuer, typ: "at+jwt" });
      expect(payload).toMatchObject({ client_id: service.client_id });
    });

    for (const [index, name] of ["the RSA key", "the EC P-256 key"].entries()) {
      it(`still verifies a token that ${name} in OAUTH_PREVIOUS_PRIVATE_KEYS signed, against the served JWKS`, async () => {
        const key = previous[index] as TestKey;
        const token = await signAccessToken(key, { iss: issuer, aud: issuer, client_id: service.client_id, scope: "read" });
        const jwks = createLocalJWKSet(await servedKeys(example));
        const { protectedHeader } = await jwtVerify(token, jwks, { issuer, audience: issuer, typ: "at+jwt" });
        expect(protectedHeader).toMatchObject({ alg: key.alg, kid: key.kid });

        // And as a resource server using oauth4webapi does: discovery, then the JWKS it names.
        const claims = await oauth.validateJwtAccessToken(await discover(issuer), bearer(token), issuer, insecure);
        expect(claims).toMatchObject({ iss: issuer, aud: issuer, client_id: service.client_id, scope: "read" });

        // And by the example's own resource server, GET /whoami.
        const whoami = await fetch(`${example.url}/whoami`, { headers: { authorization: `Bearer ${token}` } });
        expect(whoami.status).toBe(200);
        expect(await whoami.json()).toMatchObject({ client_id: service.client_id, scope: "read" });
      });
    }

    it("verifies no token from a key it does not publish, even one claiming a published kid", async () => {
      const jwks = createLocalJWKSet(await servedKeys(example));
      const claims = { iss: issuer, aud: issuer, client_id: service.client_id, scope: "read" };
      const stranger = await generateTestKey("ES256");
      await expect(jwtVerify(await signAccessToken(stranger, claims), jwks)).rejects.toMatchObject({
        code: "ERR_JWKS_NO_MATCHING_KEY",
      });
      const impostor = { ...stranger, kid: (previous[1] as TestKey).kid };
      await expect(jwtVerify(await signAccessToken(impostor, claims), jwks)).rejects.toMatchObject({
        code: "ERR_JWS_SIGNATURE_VERIFICATION_FAILED",
      });
    });
  });

  describe("with an EC P-256 OAUTH_PRIVATE_KEY", () => {
    let key: TestKey;
    let example: RunningExample;
    beforeAll(async () => {
      key = await generateTestKey("ES256");
      example = await startExample(main, { PORT: "0", OAUTH_CLIENTS: clientsJson, OAUTH_PRIVATE_KEY: key.pem });
    });
    afterAll(() => example?.stop());

    it("publishes it as an ES256 P-256 key under its RFC 7638 thumbprint", async () => {
      const { keys } = await servedKeys(example);
      expect(keys).toEqual([expect.objectContaining({ kty: "EC", crv: "P-256", alg: "ES256", kid: key.kid })]);
    });

    it("issues ES256 tokens that oauth4webapi validates as RFC 9068 access tokens", async () => {
      const as = await discover(`http://localhost:${example.port}`);
      const client: oauth.Client = { client_id: service.client_id };
      const auth = oauth.ClientSecretBasic(service.client_secret);
      const response = await oauth.clientCredentialsGrantRequest(as, client, auth, { scope: "read" }, insecure);
      const tokens = await oauth.processClientCredentialsResponse(as, client, response);
      expect(decodeProtectedHeader(tokens.access_token)).toEqual({ alg: "ES256", typ: "at+jwt", kid: key.kid });

      const claims = await oauth.validateJwtAccessToken(as, bearer(tokens.access_token), as.issuer, insecure);
      expect(claims).toMatchObject({ iss: as.issuer, aud: as.issuer, sub: "service", client_id: "service", scope: "read" });
    });
  });
}
