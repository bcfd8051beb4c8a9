/**
 * Real client libraries, unmodified, against the Node example over HTTP: oauth4webapi and
 * openid-client get tokens with private_key_jwt (RFC 7523) and DPoP (RFC 9449), and call the
 * demo protected resource `/whoami` with a DPoP proof. And the failure a new openid-client user
 * meets first: its default method (client_secret_post) for a client registered for
 * client_secret_basic is an `invalid_client` error, not a WWW-Authenticate challenge.
 */
import { exampleCommand, startExample, type RunningExample } from "@tessera/conformance/examples";
import { exportJWK, generateKeyPair } from "jose";
import * as oauth from "oauth4webapi";
import * as client from "openid-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const keyed = { client_id: "keyed", scope: "read write", token_endpoint_auth_method: "private_key_jwt" };
const bound = { client_id: "bound", client_secret: "bound-s3cret-value", scope: "read", dpop_bound_access_tokens: true };
const basicOnly = { client_id: "basic-only", client_secret: "basic-only-s3cret-value", scope: "read", token_endpoint_auth_method: "client_secret_basic" };

let example: RunningExample;
let issuer: URL;
let privateKey: CryptoKey;
const kid = "keyed-1";

beforeAll(async () => {
  const pair = await generateKeyPair("ES256");
  privateKey = pair.privateKey;
  const jwks = { keys: [{ ...(await exportJWK(pair.publicKey)), kid, alg: "ES256", use: "sig" }] };
  example = await startExample(exampleCommand(new URL("../", import.meta.url)), {
    PORT: "0",
    OAUTH_CLIENTS: JSON.stringify({ clients: [{ ...keyed, jwks }, bound, basicOnly] }),
  });
  issuer = new URL(`http://localhost:${example.port}`);
}, 40_000);

afterAll(() => example?.stop());

/** http is allowed on loopback only, and oauth4webapi insists on being told so explicitly. */
const insecure = { [oauth.allowInsecureRequests]: true } as const;

describe("oauth4webapi against the Node example", () => {
  let as: oauth.AuthorizationServer;
  beforeAll(async () => {
    as = await oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, { algorithm: "oauth2", ...insecure }));
  });

  it("finds private_key_jwt and DPoP in the metadata", () => {
    expect(as.token_endpoint_auth_methods_supported).toContain("private_key_jwt");
    expect(as.dpop_signing_alg_values_supported).toEqual(expect.arrayContaining(["ES256", "EdDSA"]));
  });

  it("gets a bearer token with PrivateKeyJwt", async () => {
    const keyedClient: oauth.Client = { client_id: keyed.client_id };
    const response = await oauth.clientCredentialsGrantRequest(as, keyedClient, oauth.PrivateKeyJwt({ key: privateKey, kid }), { scope: "read" }, insecure);
    const tokens = await oauth.processClientCredentialsResponse(as, keyedClient, response);
    expect(tokens).toMatchObject({ token_type: "bearer", scope: "read" });
  });

  it("gets a DPoP-bound token with PrivateKeyJwt and DPoP, and calls /whoami with a proof", async () => {
    const keyedClient: oauth.Client = { client_id: keyed.client_id };
    const dpop = oauth.DPoP(keyedClient, await oauth.generateKeyPair("ES256"));
    const response = await oauth.clientCredentialsGrantRequest(as, keyedClient, oauth.PrivateKeyJwt({ key: privateKey, kid }), { scope: "read" }, { DPoP: dpop, ...insecure });
    const tokens = await oauth.processClientCredentialsResponse(as, keyedClient, response);
    expect(tokens.token_type).toBe("dpop");
    const whoami = await oauth.protectedResourceRequest(tokens.access_token, "GET", new URL("/whoami", issuer), undefined, undefined, { DPoP: dpop, ...insecure });
    expect(whoami.status).toBe(200);
    expect(await whoami.json()).toMatchObject({ client_id: keyed.client_id, scope: "read" });
    // Without the DPoP scheme, the bound token is refused (RFC 9449 §7.2).
    const asBearer = await fetch(new URL("/whoami", issuer), { headers: { authorization: `Bearer ${tokens.access_token}` } });
    expect(asBearer.status).toBe(401);
  });

  it("binds the token of a dpop_bound_access_tokens client with ClientSecretBasic and DPoP", async () => {
    const boundClient: oauth.Client = { client_id: bound.client_id };
    const dpop = oauth.DPoP(boundClient, await oauth.generateKeyPair("EdDSA"));
    const response = await oauth.clientCredentialsGrantRequest(as, boundClient, oauth.ClientSecretBasic(bound.client_secret), {}, { DPoP: dpop, ...insecure });
    expect((await oauth.processClientCredentialsResponse(as, boundClient, response)).token_type).toBe("dpop");
  });
});

describe("openid-client against the Node example", () => {
  it("finds no OpenID Connect discovery document (Tessera is no OpenID Provider): its default discovery gets a 404, algorithm oauth2 finds RFC 8414's", async () => {
    const options = { execute: [client.allowInsecureRequests] };
    const error = await client.discovery(issuer, keyed.client_id, undefined, client.None(), options).catch((thrown: unknown) => thrown);
    expect(error).toMatchObject({ cause: expect.objectContaining({ status: 404 }) });
    expect((await fetch(new URL("/.well-known/openid-configuration", issuer))).status).toBe(404);
    const config = await client.discovery(issuer, keyed.client_id, undefined, client.None(), { ...options, algorithm: "oauth2" });
    expect(config.serverMetadata().token_endpoint).toBe(`${issuer.origin}/token`);
  });

  it("gets a DPoP-bound token with PrivateKeyJwt and calls /whoami with fetchProtectedResource", async () => {
    const config = await client.discovery(issuer, keyed.client_id, undefined, client.PrivateKeyJwt({ key: privateKey, kid }), {
      execute: [client.allowInsecureRequests],
      algorithm: "oauth2",
    });
    const dpop = client.getDPoPHandle(config, await client.randomDPoPKeyPair());
    const tokens = await client.clientCredentialsGrant(config, { scope: "read write" }, { DPoP: dpop });
    expect(tokens.token_type).toBe("dpop");
    const whoami = await client.fetchProtectedResource(config, tokens.access_token, new URL("/whoami", issuer), "GET", undefined, undefined, { DPoP: dpop });
    expect(await whoami.json()).toMatchObject({ client_id: keyed.client_id, scope: "read write" });
  });

  it("gets a bearer token with PrivateKeyJwt alone", async () => {
    const config = await client.discovery(issuer, keyed.client_id, undefined, client.PrivateKeyJwt({ key: privateKey, kid }), {
      execute: [client.allowInsecureRequests],
      algorithm: "oauth2",
    });
    expect((await client.clientCredentialsGrant(config, { scope: "read" })).token_type).toBe("bearer");
  });

  it("reports invalid_client, not a WWW-Authenticate challenge, for its default client_secret_post against a client_secret_basic client", async () => {
    const config = await client.discovery(issuer, basicOnly.client_id, basicOnly.client_secret, undefined, {
      execute: [client.allowInsecureRequests],
      algorithm: "oauth2",
    });
    const error = await client.clientCredentialsGrant(config, { scope: "read" }).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(client.ResponseBodyError);
    expect(error).toMatchObject({ error: "invalid_client", status: 400 });
    // With the method it is registered for, it gets its token.
    const basic = await client.discovery(issuer, basicOnly.client_id, basicOnly.client_secret, client.ClientSecretBasic(basicOnly.client_secret), {
      execute: [client.allowInsecureRequests],
      algorithm: "oauth2",
    });
    expect((await client.clientCredentialsGrant(basic, { scope: "read" })).token_type).toBe("bearer");
  });
});
