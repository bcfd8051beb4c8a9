import { describe, expect, it } from "vitest";
import { InMemoryScopeRepository } from "./scopes.js";

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
