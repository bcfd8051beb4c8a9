import type * as TesseraCore from "@tessera/core";
import { generateTestSigningKey } from "@tessera/core/testing";
import { base64url, decodeJwt, exportSPKI, generateKeyPair, SignJWT, type JWTPayload } from "jose";
import { protectedResourceAudience, type ScenarioTokens } from "./protected-resource.js";
import { createScenarioServer, issueScenarioToken, type ScenarioLibrary } from "./scenario-server.js";
import { scenarioClients, scenarioIssuer } from "./clients.js";
import { signTestProof } from "./test-signers.js";

type AuthorizationServer = TesseraCore.AuthorizationServer;

/** An authorization server, its tokens, and the options of a resource server for them. */
export interface ProtectedResourceFixture {
  readonly authorizationServer: AuthorizationServer;
  /** Where the authorization server records revocations; the resource server checks them there. */
  readonly revocations: TesseraCore.MemoryStore;
  /** A key pair of the authorization server's algorithm, to sign more tokens with. */
  readonly signingKey: CryptoKeyPair;
  /** The `kid` of `signingKey`. */
  readonly kid: string;
  readonly tokens: ScenarioTokens;
  /** `issuer`, `audience`, in-process `keys` and `revocations`: header-only extraction. */
  readonly resourceServerOptions: TesseraCore.ResourceServerOptions;
  /** Signs an access token with the server's key: RFC 9068 claims, overridable. */
  signAccessToken(claims?: Readonly<Record<string, unknown>>, header?: Readonly<Record<string, unknown>>): Promise<string>;
}

const hour = 3600;

/** Signs access tokens with the fixture's key: RFC 9068 claims for `service`, overridable. */
function accessTokenSigner(issuer: string, signingKey: CryptoKeyPair, kid: string) {
  return (claims: Readonly<Record<string, unknown>> = {}, header: Readonly<Record<string, unknown>> = {}) => {
    const now = Math.floor(Date.now() / 1000);
    const payload = { iss: issuer, sub: "service", aud: protectedResourceAudience, exp: now + hour, iat: now };
    return new SignJWT({ ...payload, jti: crypto.randomUUID(), client_id: "service", scope: "read write", ...claims } as JWTPayload)
      .setProtectedHeader({ alg: "RS256", typ: "at+jwt", kid, ...header })
      .sign(signingKey.privateKey);
  };
}

/** The tokens no honest authorization server issues: each bad in exactly one way. */
async function forgedTokens(
  valid: string,
  signingKey: CryptoKeyPair,
  kid: string,
  sign: ReturnType<typeof accessTokenSigner>,
): Promise<Omit<ScenarioTokens, "valid" | "revoked" | "expired" | "wrongIssuer" | "wrongAudience" | "dpopBound">> {
  const now = Math.floor(Date.now() / 1000);
  const payload = decodeJwt(valid);
  const { client_id: _omitted, ...withoutClientId } = payload;
  const otherKey = await generateKeyPair("RS256", { modulusLength: 2048 });
  const publicPem = await exportSPKI(signingKey.publicKey);
  const [head = "", body = "", signature = ""] = valid.split(".");
  const flipped = signature.slice(0, -4) + (signature.endsWith("AAAA") ? "BBBB" : "AAAA");
  const signed = (claims: JWTPayload, header: { alg: string; kid: string }, key: CryptoKey | Uint8Array) =>
    new SignJWT(claims).setProtectedHeader({ typ: "at+jwt", ...header }).sign(key);
  return {
    notYetValid: await sign({ nbf: now + hour }),
    issuedInFuture: await sign({ iat: now + hour, exp: now + 2 * hour }),
    wrongType: await sign({}, { typ: "JWT" }),
    missingClientId: await signed(withoutClientId, { alg: "RS256", kid }, signingKey.privateKey),
    unsigned: `${base64url.encode(JSON.stringify({ alg: "none", typ: "at+jwt", kid }))}.${body}.`,
    hmacConfusion: await signed(payload, { alg: "HS256", kid }, new TextEncoder().encode(publicPem)),
    unknownKey: await signed(payload, { alg: "RS256", kid: "not-a-published-key" }, otherKey.privateKey),
    tampered: `${head}.${body}.${flipped}`,
  };
}

/** A token for `service`, scopes `read write`, bound to the test key `dpopKey` by a proof at the token endpoint. */
async function issueBound(server: AuthorizationServer, issuer: string): Promise<string> {
  const url = `${issuer.replace(/\/$/, "")}/token`;
  const { clientId, clientSecret } = scenarioClients.service;
  const response = await server.respondToTokenRequest(
    new Request(url, {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        authorization: `Basic ${btoa(`${clientId}:${clientSecret}`)}`,
        dpop: await signTestProof({ method: "POST", url }),
      },
      body: "grant_type=client_credentials&scope=read+write",
    }),
  );
  const body = (await response.json()) as { access_token?: string; token_type?: string };
  if (body.token_type !== "DPoP" || body.access_token === undefined) throw new Error(`the scenario server issued no DPoP token: ${response.status}`);
  return body.access_token;
}

/**
 * Builds the fixture on `core`: an RS256 authorization server (issuer `http://localhost`,
 * audience {@link protectedResourceAudience}) and every scenario token. Override options of the
 * authorization server, for example its issuer.
 */
export async function createProtectedResourceFixture(
  core: ScenarioLibrary,
  overrides: { readonly issuer?: string } = {},
): Promise<ProtectedResourceFixture> {
  const issuer = overrides.issuer ?? scenarioIssuer;
  const signingKey = await generateTestSigningKey();
  const revocations = new core.MemoryStore();
  const make = (options: Partial<TesseraCore.AuthorizationServerOptions>) =>
    createScenarioServer(core, { issuer, audience: protectedResourceAudience, revocations, ...options }, signingKey);
  const issue = (server: AuthorizationServer) => issueScenarioToken(server, scenarioClients.service, { scope: "read write" });
  const authorizationServer = await make({});
  const [active] = await authorizationServer.keys.list();
  if (active === undefined) throw new Error("the scenario server has no key");
  const signAccessToken = accessTokenSigner(issuer, signingKey, active.kid);

  const valid = await issue(authorizationServer);
  const revoked = await issue(authorizationServer);
  const { jti, exp } = decodeJwt(revoked);
  await revocations.revokeToken(jti as string, (exp as number) + 300);
  const tokens: ScenarioTokens = {
    valid,
    revoked,
    expired: await issue(await make({ now: () => Date.now() - 2 * hour * 1000 })),
    wrongIssuer: await issue(await make({ issuer: `${issuer.replace(/\/$/, "")}/other-tenant` })),
    wrongAudience: await issue(await make({ audience: "https://other-api.example" })),
    dpopBound: await issueBound(authorizationServer, issuer),
    ...(await forgedTokens(valid, signingKey, active.kid, signAccessToken)),
  };
  const resourceServerOptions = { issuer, audience: protectedResourceAudience, keys: authorizationServer.keys, revocations };
  return { authorizationServer, revocations, signingKey, kid: active.kid, tokens, resourceServerOptions, signAccessToken };
}
