import { describe, expect, it } from "vitest";
import { bearerChallenge, isQuotable, quotedString } from "./challenges.js";

describe("quotedString (RFC 9110 §5.6.4)", () => {
  it("escapes quotes and backslashes and keeps printable ASCII, spaces and tabs", () => {
    expect(quotedString('a "b" \\c\td')).toBe('"a \\"b\\" \\\\c\td"');
  });

  it("replaces what no quoted-string can carry, so a value cannot end the header", () => {
    expect(quotedString("a\r\nSet-Cookie: x\u0000\u007f é 😀")).toBe('"a??Set-Cookie: x?? ? ?"');
    expect(() => new Headers({ "www-authenticate": bearerChallenge({ realm: "x\r\ny" }) })).not.toThrow();
  });

  it("tells quotable values apart", () => {
    expect(isQuotable("https://api.example \"v2\"")).toBe(true);
    expect(isQuotable("line\nbreak")).toBe(false);
  });
});

describe("bearerChallenge (RFC 6750 §3)", () => {
  it("writes the realm, then error, error_description and scope when given", () => {
    expect(bearerChallenge({ realm: "api" })).toBe('Bearer realm="api"');
    expect(bearerChallenge({ realm: "api", error: "insufficient_scope", error_description: "No.", scope: "a b" })).toBe(
      'Bearer realm="api", error="insufficient_scope", error_description="No.", scope="a b"',
    );
  });
});
