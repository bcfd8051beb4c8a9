import type { StoreCheck } from "./fixture.js";
import { Problems } from "./problems.js";

/** The checks of {@link RevocationStore}. */
export const revocationChecks: readonly StoreCheck[] = [
  {
    name: "revocations: revokeToken marks one jti, twice is harmless",
    async run({ views: [{ revocations }], now }, id) {
      const problems = new Problems();
      const t = await now();
      const token = { jti: id("jti"), clientId: id("client"), issuedAt: t - 10 };
      problems.equal(await revocations.isRevoked(token), false, "isRevoked before revokeToken");
      await revocations.revokeToken(token.jti, t + 3600);
      await revocations.revokeToken(token.jti, t + 1800);
      problems.equal(await revocations.isRevoked(token), true, "isRevoked after revokeToken");
      problems.equal(await revocations.isRevoked({ ...token, jti: id("other") }), false, "isRevoked of another jti");
      return problems.list;
    },
  },
  {
    name: "revocations: revokeClientTokens marks tokens issued before the line; only a later line moves it",
    async run({ views: [{ revocations }], now }, id) {
      const problems = new Problems();
      const t = Math.floor(await now());
      const clientId = id("client");
      const issuedAt = (iat: number) => ({ jti: id(`jti-${iat}`), clientId, issuedAt: iat });
      await revocations.revokeClientTokens(clientId, t - 100, t + 3600);
      problems.equal(await revocations.isRevoked(issuedAt(t - 101)), true, "a token issued before the line");
      problems.equal(await revocations.isRevoked(issuedAt(t - 100)), false, "a token issued at the line");
      problems.equal(await revocations.isRevoked({ ...issuedAt(t - 200), clientId: id("other") }), false, "another client's token");
      await revocations.revokeClientTokens(clientId, t - 200, t + 3600);
      problems.equal(await revocations.isRevoked(issuedAt(t - 150)), true, "an earlier line must not move the line back");
      await revocations.revokeClientTokens(clientId, t - 50, t + 3600);
      problems.equal(await revocations.isRevoked(issuedAt(t - 60)), true, "a later line moves the line forward");
      problems.equal(await revocations.isRevoked(issuedAt(t - 50)), false, "a token issued at the new line");
      return problems.list;
    },
  },
  {
    name: "revocations: a mark whose keepUntil has passed no longer counts",
    async run({ views: [{ revocations }], now }, id) {
      const problems = new Problems();
      const t = await now();
      const clientId = id("client");
      await revocations.revokeToken(id("gone"), t - 1);
      await revocations.revokeClientTokens(clientId, t, t - 1);
      problems.equal(await revocations.isRevoked({ jti: id("gone"), clientId: id("x"), issuedAt: t - 10 }), false, "a token whose mark has expired");
      problems.equal(await revocations.isRevoked({ jti: id("y"), clientId, issuedAt: t - 10 }), false, "a client line that has expired");
      await revocations.revokeToken(id("gone"), t + 3600);
      problems.equal(await revocations.isRevoked({ jti: id("gone"), clientId: id("x"), issuedAt: t - 10 }), true, "revoked again with a later keepUntil");
      return problems.list;
    },
  },
  {
    name: "revocations: refuse inputs they cannot keep, with a TypeError",
    async run({ views: [{ revocations }], now }, id) {
      const problems = new Problems();
      const t = await now();
      await problems.rejectsInput(() => revocations.revokeToken("", t + 60), "revokeToken with an empty jti");
      await problems.rejectsInput(() => revocations.revokeToken(id("j"), Number.NaN), "revokeToken with keepUntil NaN");
      await problems.rejectsInput(() => revocations.revokeClientTokens(id("c"), Number.POSITIVE_INFINITY, t + 60), "revokeClientTokens with issuedBefore Infinity");
      await problems.rejectsInput(
        () => revocations.isRevoked({ jti: id("j"), clientId: id("c"), issuedAt: "now" as unknown as number }),
        "isRevoked with a string issuedAt",
      );
      return problems.list;
    },
  },
];
