/**
 * What a store offers the authorization server's readiness probe (`paths.readiness`): every
 * interface of the storage contract may have it; a store without it counts as reachable.
 */
export interface StoreProbe {
  /**
   * Resolves once the store has answered one trivial round trip (`SELECT 1`); rejects, as any
   * operation would, while it is out of reach. Cheap: probes call it every few seconds.
   */
  ping?(): Promise<void>;
}

/** Pings `store` if it can be pinged; a store that cannot resolves at once. */
export async function pingStore(store: StoreProbe): Promise<void> {
  if (typeof store.ping === "function") await store.ping();
}
