import { describe, expect, it } from "vitest";
import { clientCredentialsGrant } from "./grants/client-credentials.js";
import { InMemoryClientRepository } from "./repositories/clients.js";
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
      paths: {
        token: "/token",
        revocation: "/revoke",
        introspection: "/introspect",
        jwks: "/.well-known/jwks.json",
        metadata: "/.well-known/oauth-authorization-server",
      },
      cacheMaxAge: { jwks: 300, metadata: 3600 },
      limits: { maxBodyBytes: 16384, maxParameters: 32, maxScopeLength: 1024, maxAuthorizationLength: 4096, timeout: 10 },
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
    ["revocations", { revocations: {} }, /^revocations: /],
    ["audit", { audit: "log" }, /^audit: /],
    ["signingKey", { signingKey: undefined }, /^signingKey: is required/],
    ["grants", { grants: [] }, /^grants: enable at least one grant/],
    ["grants", { grants: [clientCredentialsGrant(), clientCredentialsGrant()] }, /^grants: client_credentials is enabled twice/],
    ["grants", { grants: [{}] }, /^grants: /],
    ["accessTokenTtl", { accessTokenTtl: 0 }, /^accessTokenTtl: /],
    ["accessTokenTtl", { accessTokenTtl: 1.5 }, /^accessTokenTtl: /],
    ["audience", { audience: [] }, /^audience: /],
    ["audience", { audience: "" }, /^audience: /],
    ["paths.token", { paths: { token: "token" } }, /^paths.token: /],
    ["paths", { paths: { token: "/.well-known/jwks.json" } }, /^paths: .*must differ/],
    ["paths.token", { paths: { token: "/oauth/*" } }, /^paths.token: expected an absolute path/],
    ["paths.jwks", { paths: { jwks: "/:tenant/jwks" } }, /^paths.jwks: /],
    ["paths.metadata", { paths: { metadata: "/%2e%2e/metadata" } }, /^paths.metadata: /],
    ["paths", { paths: "/token" }, /^paths: expected an object/],
    ["cacheMaxAge.jwks", { cacheMaxAge: { jwks: -1 } }, /^cacheMaxAge.jwks: /],
    ["cacheMaxAge.metadata", { cacheMaxAge: { metadata: 1.5 } }, /^cacheMaxAge.metadata: /],
    ["issuer", { issuer: "https://auth.example.com/ten%20ant" }, /^issuer: its path may hold only/],
    ["limits.maxBodyBytes", { limits: { maxBodyBytes: -1 } }, /^limits.maxBodyBytes: /],
    ["limits", { limits: 5 }, /^limits: expected an object/],
    ["lockout", { lockout: "on" }, /^lockout: /],
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
