import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from "jose";
import * as oauth from "oauth4webapi";
import { describe, expect, it } from "vitest";
import { clientsJson, service } from "./clients.js";
import type { ExampleCommand } from "./example-command.js";
import type { RunningExample } from "./example-process.js";
import { fixture, startedExample } from "./fixtures.js";
import { accessToken, bearer, discover, insecure, requestToken, whoami } from "./http.js";
import { servedKeys } from "./jwks.js";
import { generateTestKey, signAccessToken, type TestAccessTokenClaims, type TestKey } from "./keys.js";
import { pemLines } from "./output.js";
import { checkQuietStart } from "./process-checks.js";
import { defaultIssuer } from "./token-checks.js";

/** The key that signs, and the rotated-out keys published beside it. */
interface RotatedKeys {
  readonly current: TestKey;
  readonly previous: readonly [rsa: TestKey, ec: TestKey];
}

/**
 * The signing key settings over real HTTP: `OAUTH_PREVIOUS_PRIVATE_KEYS` keeps a rotated-out
 * key's tokens verifying, and an EC P-256 `OAUTH_PRIVATE_KEY` signs ES256. Part of
 * `describeExample`.
 */
export function describeSigningKeys(command: ExampleCommand): void {
  describe("with an Ed25519 OAUTH_PRIVATE_KEY and OAUTH_PREVIOUS_PRIVATE_KEYS holding an RSA and an EC P-256 key", () => {
    const keys = fixture(rotatedKeys);
    const example = startedExample(command, () => ({
      PORT: "0",
      OAUTH_CLIENTS: clientsJson,
      OAUTH_PRIVATE_KEY: keys().current.pem,
      OAUTH_PREVIOUS_PRIVATE_KEYS: keys().previous.map((key) => key.pem.trim()).join("\n\n"),
    }));

    it("prints only the listening line, and no key material", () => checkQuietStart(example(), allKeys(keys()).flatMap((key) => pemLines(key.pem))));
    it("publishes all three keys in the JWKS, each under its RFC 7638 thumbprint", () => checkAllPublished(example(), keys()));
    it("signs new tokens with OAUTH_PRIVATE_KEY: EdDSA, under its kid", () => checkSignsWithCurrent(example(), keys().current));
    for (const [index, name] of ["the RSA key", "the EC P-256 key"].entries()) {
      it(`still verifies a token that ${name} in OAUTH_PREVIOUS_PRIVATE_KEYS signed, against the served JWKS`, () =>
        checkPreviousKeyVerifies(example(), keys().previous[index] as TestKey));
    }
    it("verifies no token from a key it does not publish, even one claiming a published kid", () =>
      checkStrangerRefused(example(), keys().previous[1]));
  });

  describe("with an EC P-256 OAUTH_PRIVATE_KEY", () => {
    const key = fixture(() => generateTestKey("ES256"));
    const example = startedExample(command, () => ({ PORT: "0", OAUTH_CLIENTS: clientsJson, OAUTH_PRIVATE_KEY: key().pem }));

    it("publishes it as an ES256 P-256 key under its RFC 7638 thumbprint", () => checkPublishedEcKey(example(), key()));
    it("issues ES256 tokens that oauth4webapi validates as RFC 9068 access tokens", () => checkEcTokens(example(), key()));
  });
}

async function rotatedKeys(): Promise<RotatedKeys> {
  const [current, rsa, ec] = await Promise.all([generateTestKey("EdDSA"), generateTestKey("RS256"), generateTestKey("ES256")]);
  return { current, previous: [rsa, ec] };
}

function allKeys({ current, previous }: RotatedKeys): TestKey[] {
  return [current, ...previous];
}

/** Claims the example accepts, for tokens signed here. */
function validClaims(example: RunningExample): TestAccessTokenClaims {
  const issuer = defaultIssuer(example);
  return { iss: issuer, aud: issuer, client_id: service.client_id, scope: "read" };
}

async function checkAllPublished(example: RunningExample, keys: RotatedKeys): Promise<void> {
  const published = (await servedKeys(example)).keys.map(({ kid, alg }) => ({ kid, alg }));
  expect(published).toHaveLength(3);
  expect(published).toEqual(expect.arrayContaining(allKeys(keys).map(({ kid, alg }) => ({ kid, alg }))));
}

async function checkSignsWithCurrent(example: RunningExample, current: TestKey): Promise<void> {
  const issuer = defaultIssuer(example);
  const { token } = await accessToken(await requestToken(example.url, { client: service, method: "client_secret_basic" }));
  expect(decodeProtectedHeader(token)).toEqual({ alg: "EdDSA", typ: "at+jwt", kid: current.kid });
  const { payload } = await jwtVerify(token, current.publicKey, { issuer, audience: issuer, typ: "at+jwt" });
  expect(payload).toMatchObject({ client_id: service.client_id });
}

async function checkPreviousKeyVerifies(example: RunningExample, key: TestKey): Promise<void> {
  const issuer = defaultIssuer(example);
  const token = await signAccessToken(key, validClaims(example));
  const jwks = createLocalJWKSet(await servedKeys(example));
  const { protectedHeader } = await jwtVerify(token, jwks, { issuer, audience: issuer, typ: "at+jwt" });
  expect(protectedHeader).toMatchObject({ alg: key.alg, kid: key.kid });

  // And as a resource server using oauth4webapi does: discovery, then the JWKS it names.
  const claims = await oauth.validateJwtAccessToken(await discover(issuer), bearer(token), issuer, insecure);
  expect(claims).toMatchObject({ iss: issuer, aud: issuer, client_id: service.client_id, scope: "read" });

  // And by the example's own resource server, GET /whoami.
  const response = await whoami(example.url, `Bearer ${token}`);
  expect(response.status).toBe(200);
  expect(await response.json()).toMatchObject({ client_id: service.client_id, scope: "read" });
}

async function checkStrangerRefused(example: RunningExample, published: TestKey): Promise<void> {
  const jwks = createLocalJWKSet(await servedKeys(example));
  const stranger = await generateTestKey("ES256");
  await expect(jwtVerify(await signAccessToken(stranger, validClaims(example)), jwks)).rejects.toMatchObject({
    code: "ERR_JWKS_NO_MATCHING_KEY",
  });
  const impostor = { ...stranger, kid: published.kid };
  await expect(jwtVerify(await signAccessToken(impostor, validClaims(example)), jwks)).rejects.toMatchObject({
    code: "ERR_JWS_SIGNATURE_VERIFICATION_FAILED",
  });
}

async function checkPublishedEcKey(example: RunningExample, key: TestKey): Promise<void> {
  const { keys } = await servedKeys(example);
  expect(keys).toEqual([expect.objectContaining({ kty: "EC", crv: "P-256", alg: "ES256", kid: key.kid })]);
}

async function checkEcTokens(example: RunningExample, key: TestKey): Promise<void> {
  const as = await discover(defaultIssuer(example));
  const client: oauth.Client = { client_id: service.client_id };
  const auth = oauth.ClientSecretBasic(service.client_secret);
  const response = await oauth.clientCredentialsGrantRequest(as, client, auth, { scope: "read" }, insecure);
  const tokens = await oauth.processClientCredentialsResponse(as, client, response);
  expect(decodeProtectedHeader(tokens.access_token)).toEqual({ alg: "ES256", typ: "at+jwt", kid: key.kid });

  const claims = await oauth.validateJwtAccessToken(as, bearer(tokens.access_token), as.issuer, insecure);
  expect(claims).toMatchObject({ iss: as.issuer, aud: as.issuer, sub: "service", client_id: "service", scope: "read" });
}
