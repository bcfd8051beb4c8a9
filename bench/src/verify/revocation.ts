/**
 * Revocation checking in the verifier groups whose id says `revocation`: the one place that says
 * how a resource server in the bench learns which tokens are revoked.
 *
 * Every target of such a group holds the same revocation set: the `jti` of the group's revoked
 * token and {@link fillerCount} made-up ones, so a lookup costs what it costs in a set of
 * realistic size. The floor and the peers look the `jti` up in that `Set` after verifying, as a
 * user of those libraries would add it; Tessera is given the core's `RevocationSet` holding the
 * same revocations, through {@link tesseraRevocationOptions}: the local copy a resource server
 * keeps of a shared store (fed here by a `MemoryStore`; fed by PostgreSQL, a check costs the
 * same, since it never leaves the process). The examples check theirs as configured.
 */
import { ChangeFollower, MemoryStore, RevocationSet, type ResourceServerOptions } from "@tessera/core";

/** Why the revocation groups are not in a default run, or undefined once they are ready. */
export const revocationPending: string | undefined = undefined;

/** How many made-up `jti`s the revocation set holds besides the group's revoked token. */
export const fillerCount = 10_000;

/** The revocation set of a group: `revokedJti` and the fillers. */
export function revocationSet(revokedJti: string): ReadonlySet<string> {
  const set = new Set([revokedJti]);
  for (let index = 0; index < fillerCount; index++) set.add(crypto.randomUUID());
  return set;
}

/**
 * The resource server options that make Tessera check `revoked`: a `RevocationSet` whose
 * follower has read them all (its timers never keep the target alive).
 */
export async function tesseraRevocationOptions(revoked: ReadonlySet<string>): Promise<Pick<ResourceServerOptions, "revocations">> {
  const store = new MemoryStore();
  const keepUntil = Date.now() / 1000 + 86_400;
  for (const jti of revoked) await store.revokeToken(jti, keepUntil);
  const changes = new ChangeFollower(store);
  const revocations = new RevocationSet(store, changes);
  await changes.ready();
  if (revocations.size !== revoked.size) throw new Error(`the revocation set holds ${revocations.size} revocations, not ${revoked.size}`);
  return { revocations };
}

/** In a target: the group's revocation set when `BENCH_REVOCATION=on`, else undefined. */
export function revocationFromEnvironment(revokedJti: string): ReadonlySet<string> | undefined {
  return process.env.BENCH_REVOCATION === "on" ? revocationSet(revokedJti) : undefined;
}
