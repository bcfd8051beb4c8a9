import { describe, expect, it } from "vitest";
import { OAuthError } from "./errors.js";
import { formatScope, parseScope } from "./scopes.js";

describe("scope parameter (RFC 6749 §3.3)", () => {
  it("splits on single spaces and collapses duplicates in first-seen order", () => {
    expect(parseScope("write read write")).toEqual(["write", "read"]);
    expect(formatScope(["write", "read"])).toBe("write read");
    expect(parseScope("urn:example:scope!#[]~")).toEqual(["urn:example:scope!#[]~"]);
  });

  it.each([" read", "read ", "read  write", "read\twrite", '"read"', "a\\b", "réad", "read\nwrite"])(
    "refuses %j with invalid_scope",
    (value) => {
      expect(() => parseScope(value)).toThrow(OAuthError);
      try {
        parseScope(value);
      } catch (error) {
        expect((error as OAuthError).code).toBe("invalid_scope");
      }
    },
  );
});
