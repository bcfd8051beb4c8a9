import { describe, expect, it } from "vitest";
import { OAuthError } from "./errors.js";

describe("OAuthError.is", () => {
  it("knows an OAuthError, and one made by another copy of the package, but nothing else", async () => {
    expect(OAuthError.is(OAuthError.invalidScope("No."))).toBe(true);
    // A second copy of the module, as a bundler that loads the package twice makes one: another class.
    const secondCopy = "./errors.js?second-copy";
    const copy = (await import(/* @vite-ignore */ secondCopy)) as typeof import("./errors.js");
    const elsewhere = copy.OAuthError.invalidScope("No.");
    expect(elsewhere instanceof OAuthError).toBe(false);
    expect(OAuthError.is(elsewhere)).toBe(true);
    const named = Object.assign(new Error("x"), { name: "OAuthError", code: "not_a_code" });
    for (const value of [new Error("x"), named, { code: "invalid_scope" }, null, undefined, "invalid_scope"]) {
      expect(OAuthError.is(value)).toBe(false);
    }
  });
});
