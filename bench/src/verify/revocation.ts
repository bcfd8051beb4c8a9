/**
 * Revocation checking in the verifier groups whose id says `revocation`: the one place that says
 * how a resource server in the bench learns which tokens are revoked.
 *
 * Every target of such a group holds the same revocation set: the `jti` of the group's revoked
 * token and {@link fillerCount} made-up ones, so a lookup costs what it costs in a set of
 * realistic size. The floor and the peers look the `jti` up in that `Set` after verifying, as a
 * user of those libraries would add it; Tessera is given it through {@link tesseraRevocationOptions}.
 *
 * Until the core's local revocation set lands (another engineer's work), that is a stand-in: the
 * same `Set` behind the core's `RevocationList` (`accessTokens`), and these groups stay out of the
 * default selection ({@link revocationPending}); they run when named in `BENCH_GROUPS`. When it
 * lands: build it here from `revoked`, and set `revocationPending` to undefined.
 */
import type { ResourceServerOptions } from "@tessera/core";

/** Why the revocation groups are not in a default run, or undefined once they are ready. */
export const revocationPending: string | undefined =
  "the local revocation set has not landed; until then Tessera's check is a stand-in (a Set behind accessTokens)";

/** How many made-up `jti`s the revocation set holds besides the group's revoked token. */
export const fillerCount = 10_000;

/** The revocation set of a group: `revokedJti` and the fillers. */
export function revocationSet(revokedJti: string): ReadonlySet<string> {
  const set = new Set([revokedJti]);
  for (let index = 0; index < fillerCount; index++) set.add(crypto.randomUUID());
  return set;
}

/** The resource server options that make Tessera check `revoked`. */
export function tesseraRevocationOptions(revoked: ReadonlySet<string>): Pick<ResourceServerOptions, "accessTokens"> {
  return { accessTokens: { isAccessTokenRevoked: async (jti) => revoked.has(jti) } };
}

/** In a target: the group's revocation set when `BENCH_REVOCATION=on`, else undefined. */
export function revocationFromEnvironment(revokedJti: string): ReadonlySet<string> | undefined {
  return process.env.BENCH_REVOCATION === "on" ? revocationSet(revokedJti) : undefined;
}
