import { describe, expect, it } from "vitest";
import { bearerChallenge } from "../protocol/challenges.js";
import { isQuotable, quotedString } from "./quoted-string.js";

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
