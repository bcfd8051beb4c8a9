import { describe, expect, it } from "vitest";
import { generateClientSecret, hashClientSecret, isClientSecretHash, verifyClientSecret } from "./secrets.js";

describe("client secrets", () => {
  it("generates 256-bit base64url secrets, each different", () => {
    const secrets = new Set(Array.from({ length: 100 }, generateClientSecret));
    expect(secrets.size).toBe(100);
    for (const secret of secrets) expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it("hashes to a stored form that verifies only the same secret", async () => {
    const secret = generateClientSecret();
    const stored = await hashClientSecret(secret);
    expect(stored).toMatch(/^sha256:[A-Za-z0-9_-]{43}$/);
    expect(stored).not.toContain(secret);
    expect(isClientSecretHash(stored)).toBe(true);
    expect(await verifyClientSecret(secret, stored)).toBe(true);
    expect(await verifyClientSecret(`${secret}x`, stored)).toBe(false);
    expect(await verifyClientSecret("", stored)).toBe(false);
  });

  it("matches the SHA-256 test vector", async () => {
    // SHA-256("abc") = ba7816bf…f20015ad (FIPS 180-2, Appendix B.1)
    expect(await hashClientSecret("abc")).toBe("sha256:ungWv48Bz-pBQUDeXa4iI7ADYaOWF3qctBD_YfIAFa0");
  });

  it("never verifies against a missing or malformed stored value", async () => {
    expect(await verifyClientSecret("anything", undefined)).toBe(false);
    expect(await verifyClientSecret("anything", "plain-text")).toBe(false);
    expect(await verifyClientSecret("anything", "sha256:short")).toBe(false);
    expect(isClientSecretHash("sha256:short")).toBe(false);
  });
});
