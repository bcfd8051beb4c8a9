import { describe, expect, it } from "vitest";
import { basicChallenge, bearerChallenge } from "./challenges.js";

describe("bearerChallenge (RFC 6750 §3)", () => {
  it("writes the realm, then error, error_description and scope when given", () => {
    expect(bearerChallenge({ realm: "api" })).toBe('Bearer realm="api"');
    expect(bearerChallenge({ realm: "api", error: "insufficient_scope", error_description: "No.", scope: "a b" })).toBe(
      'Bearer realm="api", error="insufficient_scope", error_description="No.", scope="a b"',
    );
  });
});

describe("basicChallenge (RFC 7617 §2)", () => {
  it("names the realm and the UTF-8 charset, the realm as a quoted-string", () => {
    expect(basicChallenge("https://auth.example")).toBe('Basic realm="https://auth.example", charset="UTF-8"');
    expect(basicChallenge('a"b')).toBe('Basic realm="a\\"b", charset="UTF-8"');
  });
});
