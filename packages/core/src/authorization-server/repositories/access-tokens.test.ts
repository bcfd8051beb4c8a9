import { describe, expect, it } from "vitest";
import { revocationGrace } from "../../storage/revocations.js";
import { InMemoryAccessTokenRepository } from "./access-tokens.js";

describe("InMemoryAccessTokenRepository", () => {
  const record = (jti: string, issuedAt: number, expiresAt: number) => ({
    jti, clientId: "c", subject: "c", scopes: [], audience: "a", issuedAt, expiresAt,
  });

  it("finds tokens until they expire", async () => {
    let now = 1_000_000;
    const tokens = new InMemoryAccessTokenRepository({ now: () => now });
    await tokens.persistNewAccessToken(record("one", 1_000, 1_010));
    expect(tokens.find("one")?.jti).toBe("one");
    now = 1_015_000;
    expect(tokens.find("one")).toBeUndefined();
  });

  it("stays bounded by the live tokens, even behind a long-lived one", async () => {
    let seconds = 1_000;
    const tokens = new InMemoryAccessTokenRepository({ now: () => seconds * 1000 });
    await tokens.persistNewAccessToken(record("long-lived", seconds, seconds + 86_400));
    for (let i = 0; i < 100_000; i++) {
      seconds += 0.01; // ten short-lived tokens a second, each for 60 s: about 6,000 live at once
      await tokens.persistNewAccessToken(record(`t${i}`, seconds, seconds + 60));
    }
    expect(tokens.size).toBeLessThanOrEqual(2 * 6_001 + 1);
    expect(tokens.find("long-lived")?.jti).toBe("long-lived");
    expect(tokens.find("t99999")?.jti).toBe("t99999");
  });

  it("records revocations by jti, for held and unknown tokens", async () => {
    const tokens = new InMemoryAccessTokenRepository();
    await tokens.persistNewAccessToken(record("held", 1_000, 9_999_999_999));
    expect(await tokens.isAccessTokenRevoked("held")).toBe(false);
    await tokens.revokeAccessToken("held");
    await tokens.revokeAccessToken("elsewhere");
    expect(await tokens.isAccessTokenRevoked("held")).toBe(true);
    expect(await tokens.isAccessTokenRevoked("elsewhere")).toBe(true);
    expect(await tokens.isAccessTokenRevoked("other")).toBe(false);
  });

  it("keeps a revocation revocationGrace past its token's expiry, then forgets it; keeps one without an expiry", async () => {
    let seconds = 1_000;
    const tokens = new InMemoryAccessTokenRepository({ now: () => seconds * 1000 });
    await tokens.persistNewAccessToken(record("short", seconds, seconds + 60));
    await tokens.revokeAccessToken("short");
    await tokens.revokeAccessToken("given", seconds + 60);
    await tokens.revokeAccessToken("forever");
    const sweep = async () => {
      for (let i = 0; i < 3_000; i++) await tokens.persistNewAccessToken(record(`t${seconds}-${i}`, seconds, seconds + 1));
    };
    // Past exp but within any resource server's clock tolerance: a resource server must still see the mark.
    seconds += 60 + revocationGrace - 1;
    await sweep();
    expect(await tokens.isAccessTokenRevoked("short")).toBe(true);
    expect(await tokens.isAccessTokenRevoked("given")).toBe(true);
    seconds += 2;
    await sweep();
    expect(await tokens.isAccessTokenRevoked("short")).toBe(false);
    expect(await tokens.isAccessTokenRevoked("given")).toBe(false);
    expect(await tokens.isAccessTokenRevoked("forever")).toBe(true);
  });
});
