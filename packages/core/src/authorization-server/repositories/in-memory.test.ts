import { describe, expect, it } from "vitest";
import { hashClientSecret, verifyClientSecret } from "../client-auth/secrets.js";
import {
  InMemoryAccessTokenRepository,
  InMemoryClientRepository,
  InMemoryScopeRepository,
  type ClientRegistration,
} from "./in-memory.js";

describe("InMemoryClientRepository", () => {
  it("hashes plain secrets at construction and keeps only the hash", async () => {
    const repository = new InMemoryClientRepository([{ clientId: "a", clientSecret: "secret-a", scopes: ["read"] }]);
    const client = await repository.getClient("a");
    expect(client).toEqual({
      clientId: "a",
      secrets: [{ hash: await hashClientSecret("secret-a") }],
      grantTypes: ["client_credentials"],
      scopes: ["read"],
      defaultScopes: undefined,
      tokenEndpointAuthMethod: undefined,
    });
    expect(JSON.stringify(client)).not.toContain("secret-a");
    expect(await repository.getClient("b")).toBeUndefined();
  });

  it("accepts a stored hash instead of a secret", async () => {
    const clientSecretHash = await hashClientSecret("from-a-vault");
    const repository = new InMemoryClientRepository([{ clientId: "a", clientSecretHash }]);
    const client = await repository.getClient("a");
    expect(await verifyClientSecret("from-a-vault", client?.secrets?.[0]?.hash)).toBe(true);
  });

  it.each<[string, ClientRegistration[], RegExp]>([
    ["an empty id", [{ clientId: "", clientSecret: "x" }], /clientId/],
    ["an id with a newline", [{ clientId: "a\nb", clientSecret: "x" }], /clientId/],
    ["a duplicate id", [{ clientId: "a", clientSecret: "x" }, { clientId: "a", clientSecret: "y" }], /registered twice/],
    ["both secret forms", [{ clientId: "a", clientSecret: "x", clientSecretHash: "sha256:x" }], /not both/],
    ["a secret outside VSCHAR", [{ clientId: "a", clientSecret: "tab\there" }], /printable ASCII/],
    ["a malformed hash", [{ clientId: "a", clientSecretHash: "md5:abc" }], /hashClientSecret/],
    ["a malformed scope", [{ clientId: "a", clientSecret: "x", scopes: ["read write"] }], /scope tokens/],
    ["a default scope it may not have", [{ clientId: "a", clientSecret: "x", scopes: ["read"], defaultScopes: ["write"] }], /defaultScopes/],
    ["client credentials for a public client", [{ clientId: "a" }], /confidential client/],
    ["an unknown auth method", [{ clientId: "a", clientSecret: "x", tokenEndpointAuthMethod: "none" as never }], /tokenEndpointAuthMethod/],
  ])("refuses %s at construction", (_name, registrations, message) => {
    expect(() => new InMemoryClientRepository(registrations)).toThrow(message);
  });

  it("allows a public client for grants other than client credentials", async () => {
    const repository = new InMemoryClientRepository([{ clientId: "spa", grantTypes: ["authorization_code"] }]);
    expect((await repository.getClient("spa"))?.secrets).toBeUndefined();
  });
});

describe("InMemoryScopeRepository", () => {
  it("finds and lists registered scopes", async () => {
    const scopes = new InMemoryScopeRepository(["read", "write"]);
    expect(await scopes.findScopes(["write", "admin", "read"])).toEqual(["write", "read"]);
    expect(await scopes.listScopes()).toEqual(["read", "write"]);
  });

  it("refuses malformed scopes", () => {
    expect(() => new InMemoryScopeRepository(["a b"])).toThrow(/scope token/);
  });
});

describe("InMemoryAccessTokenRepository", () => {
  const record = (jti: string, issuedAt: number, expiresAt: number) => ({
    jti, clientId: "c", subject: "c", scopes: [], audience: "a", issuedAt, expiresAt,
  });

  it("finds tokens until they expire", async () => {
    let now = 1_000_000;
    const tokens = new InMemoryAccessTokenRepository(() => now);
    await tokens.persistNewAccessToken(record("one", 1_000, 1_010));
    expect(tokens.find("one")?.jti).toBe("one");
    now = 1_015_000;
    expect(tokens.find("one")).toBeUndefined();
  });

  it("stays bounded by the live tokens, even behind a long-lived one", async () => {
    let seconds = 1_000;
    const tokens = new InMemoryAccessTokenRepository(() => seconds * 1000);
    await tokens.persistNewAccessToken(record("long-lived", seconds, seconds + 86_400));
    for (let i = 0; i < 100_000; i++) {
      seconds += 0.01; // ten short-lived tokens a second, each for 60 s: about 6,000 live at once
      await tokens.persistNewAccessToken(record(`t${i}`, seconds, seconds + 60));
    }
    expect(tokens.size).toBeLessThanOrEqual(2 * 6_001 + 1);
    expect(tokens.find("long-lived")?.jti).toBe("long-lived");
    expect(tokens.find("t99999")?.jti).toBe("t99999");
  });

  it("records revocations by jti, for held and unknown tokens", async () => {
    const tokens = new InMemoryAccessTokenRepository();
    await tokens.persistNewAccessToken(record("held", 1_000, 9_999_999_999));
    expect(await tokens.isAccessTokenRevoked("held")).toBe(false);
    await tokens.revokeAccessToken("held");
    await tokens.revokeAccessToken("elsewhere");
    expect(await tokens.isAccessTokenRevoked("held")).toBe(true);
    expect(await tokens.isAccessTokenRevoked("elsewhere")).toBe(true);
    expect(await tokens.isAccessTokenRevoked("other")).toBe(false);
  });

  it("forgets a revocation once its token has expired, and keeps one without an expiry", async () => {
    let seconds = 1_000;
    const tokens = new InMemoryAccessTokenRepository(() => seconds * 1000);
    await tokens.persistNewAccessToken(record("short", seconds, seconds + 60));
    await tokens.revokeAccessToken("short");
    await tokens.revokeAccessToken("given", seconds + 60);
    await tokens.revokeAccessToken("forever");
    seconds += 120;
    for (let i = 0; i < 3_000; i++) await tokens.persistNewAccessToken(record(`t${i}`, seconds, seconds + 60));
    expect(await tokens.isAccessTokenRevoked("short")).toBe(false);
    expect(await tokens.isAccessTokenRevoked("given")).toBe(false);
    expect(await tokens.isAccessTokenRevoked("forever")).toBe(true);
  });
});
