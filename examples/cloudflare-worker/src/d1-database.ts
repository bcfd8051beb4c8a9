import { D1Store, DurableObjectCounterStore, migrateD1, type D1DatabaseLike, type DurableObjectNamespaceLike } from "@tessera/cloudflare";
import type { Database } from "@tessera/example-config";

/** The bindings `wrangler.json` declares: the D1 database and the Durable Object namespace. */
export interface StoreBindings {
  readonly DB?: D1DatabaseLike | undefined;
  readonly TESSERA_COUNTERS?: DurableObjectNamespaceLike | undefined;
}

/**
 * The Worker's state in its bindings, migrated: clients and revocations in D1, the lockout's
 * counters and single-use reservations in a Durable Object per key (`CountersObject`). Every
 * check reads D1 (no change feed is followed: a Worker's I/O belongs to one request, so no
 * background work may keep a copy current). `undefined` without both bindings: then the Worker
 * keeps its state in memory, as the other examples do without `OAUTH_DATABASE_URL`.
 */
export async function d1Database({ DB, TESSERA_COUNTERS }: StoreBindings): Promise<Database | undefined> {
  if (DB === undefined || TESSERA_COUNTERS === undefined) return undefined;
  await migrateD1(DB); // idempotent, and safe from isolates starting at once
  const store = new D1Store(DB);
  const counters = new DurableObjectCounterStore(TESSERA_COUNTERS);
  return { clients: store, revocations: store, changes: undefined, counters, replay: counters, close: async () => {} };
}
