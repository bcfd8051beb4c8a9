import { describe, expect, it } from "vitest";
import { decodeFormComponent, parseForm } from "./form.js";

describe("parseForm", () => {
  it("decodes + as space and percent escapes as UTF-8", () => {
    expect(parseForm("a=b+c&d=%E2%82%AC&e%3D=%2B")).toEqual(new Map([["a", "b c"], ["d", "€"], ["e=", "+"]]));
  });

  it("treats parameters without a value as omitted (RFC 6749 §3.2)", () => {
    expect(parseForm("a=&b&c=1&&")).toEqual(new Map([["c", "1"]]));
  });

  it("refuses a repeated parameter, even when one copy is empty", () => {
    expect(parseForm("a=1&a=2")).toBe("repeated");
    expect(parseForm("a=&a=2")).toBe("repeated");
    expect(parseForm("a=1&%61=2")).toBe("repeated");
  });

  it("refuses malformed escapes and bytes that are not UTF-8", () => {
    expect(parseForm("a=%")).toBe("malformed");
    expect(parseForm("a=%4")).toBe("malformed");
    expect(parseForm("a=%GG")).toBe("malformed");
    expect(parseForm("a=%C0%AF")).toBe("malformed"); // overlong "/"
    expect(parseForm("a=%ED%A0%80")).toBe("malformed"); // a UTF-16 surrogate
    expect(parseForm("%FF=1")).toBe("malformed");
  });

  it("keeps NUL and other controls for the caller to judge", () => {
    expect(parseForm("a=%00")).toEqual(new Map([["a", "\0"]]));
  });

  it("is not confused by prototype names", () => {
    const params = parseForm("__proto__=x&constructor=y");
    expect(params).toEqual(new Map([["__proto__", "x"], ["constructor", "y"]]));
  });
});

describe("decodeFormComponent", () => {
  it("leaves plain text alone", () => {
    expect(decodeFormComponent("plain")).toBe("plain");
    expect(decodeFormComponent("a+b%2Bc")).toBe("a b+c");
  });
});

describe("parseForm's parameter limit", () => {
  it("counts every name=value pair, empty or not, and refuses one past the limit", () => {
    expect(parseForm("a=1&b=&c", { maxParameters: 3 })).toEqual(new Map([["a", "1"]]));
    expect(parseForm("a=1&b=&c&d=4", { maxParameters: 3 })).toBe("too-many");
    expect(parseForm("&&a=1&&&b=2&&", { maxParameters: 2 })).toEqual(new Map([["a", "1"], ["b", "2"]]));
  });

  it("refuses before decoding the rest", () => {
    expect(parseForm(`a=1&b=2&${"%ZZ=1&".repeat(10)}`, { maxParameters: 2 })).toBe("too-many");
  });
});
