import { describe, expect, it } from "vitest";
import { hashClientSecret, verifyClientSecret } from "../client-auth/secrets.js";
import { InMemoryClientRepository, type ClientRegistration } from "./clients.js";

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
