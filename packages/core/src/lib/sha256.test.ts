import { describe, expect, it } from "vitest";
import { sha256 } from "./sha256.js";

const hex = (bytes: Uint8Array) => Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
const utf8 = (text: string) => new TextEncoder().encode(text);

describe("sha256 (FIPS 180-4)", () => {
  it("matches the NIST test vectors", () => {
    expect(hex(sha256(utf8("")))).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    expect(hex(sha256(utf8("abc")))).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    expect(hex(sha256(utf8("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")))).toBe(
      "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
    );
    expect(hex(sha256(utf8("a".repeat(1_000_000))))).toBe("cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
  });

  it("agrees with crypto.subtle.digest at every length around the block boundaries", async () => {
    for (let length = 0; length <= 200; length++) {
      const message = crypto.getRandomValues(new Uint8Array(length));
      const expected = new Uint8Array(await crypto.subtle.digest("SHA-256", message));
      expect(hex(sha256(message)), `length ${length}`).toBe(hex(expected));
    }
  });

  it("reads only the bytes of a view, not the rest of its buffer", () => {
    const buffer = utf8("xxabcxx");
    expect(hex(sha256(buffer.subarray(2, 5)))).toBe(hex(sha256(utf8("abc"))));
  });
});
