import { describe, expect, it } from "vitest";
import { clientCredentialsGrant } from "./grants/client-credentials.js";
import { InMemoryClientRepository } from "./repositories/in-memory.js";
import { resolveOptions, type AuthorizationServerOptions } from "./options.js";

const valid: AuthorizationServerOptions = {
  issuer: "https://auth.example.com",
  clients: new InMemoryClientRepository([]),
  signingKey: "-----BEGIN PRIVATE KEY-----",
  grants: [clientCredentialsGrant()],
};

describe("resolveOptions", () => {
  it("fills in the defaults", () => {
    expect(resolveOptions(valid)).toMatchObject({
      accessTokenTtl: 3600,
      audience: "https://auth.example.com",
      tokenEndpointPath: "/token",
      jwksPath: "/.well-known/jwks.json",
      metadataPath: "/.well-known/oauth-authorization-server",
      maxBodyBytes: 16384,
    });
    expect(Object.isFrozen(resolveOptions(valid))).toBe(true);
  });

  it("accepts http for loopback issuers only", () => {
    expect(() => resolveOptions({ ...valid, issuer: "http://localhost:3000" })).not.toThrow();
    expect(() => resolveOptions({ ...valid, issuer: "http://127.0.0.1:8080" })).not.toThrow();
    expect(() => resolveOptions({ ...valid, issuer: "http://auth.example.com" })).toThrow(/^issuer: must use https/);
  });

  it.each([
    ["issuer", { issuer: "not a url" }, /^issuer: /],
    ["issuer", { issuer: "https://auth.example.com/?tenant=a" }, /^issuer: must not have a query/],
    ["issuer", { issuer: "https://auth.example.com#x" }, /^issuer: must not have a query or fragment/],
    ["issuer", { issuer: "https://AUTH.example.com" }, /^issuer: must be in normalised form/],
    ["issuer", { issuer: "https://user:pw@auth.example.com" }, /^issuer: must not contain credentials/],
    ["clients", { clients: {} }, /^clients: /],
    ["scopes", { scopes: {} }, /^scopes: /],
    ["accessTokens", { accessTokens: {} }, /^accessTokens: /],
    ["signingKey", { signingKey: undefined }, /^signingKey: is required/],
    ["grants", { grants: [] }, /^grants: enable at least one grant/],
    ["grants", { grants: [clientCredentialsGrant(), clientCredentialsGrant()] }, /^grants: client_credentials is enabled twice/],
    ["grants", { grants: [{}] }, /^grants: /],
    ["accessTokenTtl", { accessTokenTtl: 0 }, /^accessTokenTtl: /],
    ["accessTokenTtl", { accessTokenTtl: 1.5 }, /^accessTokenTtl: /],
    ["audience", { audience: [] }, /^audience: /],
    ["audience", { audience: "" }, /^audience: /],
    ["tokenEndpointPath", { tokenEndpointPath: "token" }, /^tokenEndpointPath: /],
    ["tokenEndpointPath", { tokenEndpointPath: "/.well-known/jwks.json" }, /must differ/],
    ["tokenEndpointPath", { tokenEndpointPath: "/oauth/*" }, /^tokenEndpointPath: expected an absolute path/],
    ["jwksPath", { jwksPath: "/:tenant/jwks" }, /^jwksPath: /],
    ["metadataPath", { metadataPath: "/%2e%2e/metadata" }, /^metadataPath: /],
    ["issuer", { issuer: "https://auth.example.com/ten%20ant" }, /^issuer: its path may hold only/],
    ["maxBodyBytes", { maxBodyBytes: -1 }, /^maxBodyBytes: /],
    ["onError", { onError: "log" }, /^onError: /],
  ])("names %s when it is wrong", (_name, override, message) => {
    const attempt = () => resolveOptions({ ...valid, ...override } as AuthorizationServerOptions);
    expect(attempt).toThrow(TypeError);
    expect(attempt).toThrow(message);
  });

  it("refuses a bad grant TTL where the grant is created", () => {
    expect(() => clientCredentialsGrant({ accessTokenTtl: -5 })).toThrow(/accessTokenTtl/);
  });
});
