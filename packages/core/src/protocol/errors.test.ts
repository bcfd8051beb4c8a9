import { describe, expect, it } from "vitest";
import { OAuthError } from "./errors.js";

describe("OAuthError.is", () => {
  it("knows an OAuthError, and one made by another copy of the package, but nothing else", () => {
    expect(OAuthError.is(OAuthError.invalidScope("No."))).toBe(true);
    // What a second copy of the module makes: another class, the same registered brand.
    const elsewhere = Object.defineProperty(new Error("x"), Symbol.for("@tessera/core.OAuthError"), { value: true });
    expect(elsewhere instanceof OAuthError).toBe(false);
    expect(OAuthError.is(elsewhere)).toBe(true);
    for (const value of [new Error("x"), { code: "invalid_scope" }, null, undefined, "invalid_scope"]) {
      expect(OAuthError.is(value)).toBe(false);
    }
  });
});
