import {
  ChangeFollower,
  ClientCache,
  CachedCounterStore,
  MemoryStore,
  RevocationSet,
  type ChangeFeed,
  type Client,
  type ClientRepository,
  type ClientStore,
  type CounterStore,
  type ReplayStore,
  type RevocationStore,
} from "@tessera/core";

/**
 * A database the example keeps its shared state in: PostgreSQL through `OAUTH_DATABASE_URL`
 * (`openPostgres` of `@tessera/example-config/postgres`), or a Worker's D1 and Durable Object.
 * Migrated before it is handed over.
 */
export interface Database {
  readonly clients: ClientStore;
  readonly revocations: RevocationStore;
  /**
   * The change feed of `clients` and `revocations`, followed in this process so that tokens are
   * checked against a local copy of the revocations and clients are cached; `undefined` where no
   * background work may run (a Worker), so that every check reads the database.
   */
  readonly changes: ChangeFeed | undefined;
  /** The lockout's counters. */
  readonly counters: CounterStore;
  /** Single-use reservations (client assertions, DPoP proofs). */
  readonly replay: ReplayStore;
  /** Closes the connections. */
  close(): Promise<void>;
}

/** Where an example keeps its state, as its servers take it. */
export interface ExampleStores {
  /** `clients` of the authorization server. */
  readonly clients: ClientRepository;
  /**
   * `revocations` of the authorization server and of the example's resource server: a token
   * revoked at `/revoke` is refused at `/whoami` at once, and, with a database, by every other
   * instance within a second.
   */
  readonly revocations: RevocationStore;
  /** `lockout.counters`; `undefined` for the lockout's own bounded counters in memory. */
  readonly counters: CounterStore | undefined;
  /** Single-use reservations, for the features that need them. */
  readonly replay: ReplayStore;
  /** Stops following the database and closes it; nothing to do in memory. */
  close(): Promise<void>;
}

/**
 * Everything in this process's memory: a `MemoryStore` holding `clients`, which the resource
 * server checks directly (a lookup in a map, no round trip), and the lockout's own counters.
 */
export async function memoryStores(clients: readonly Client[]): Promise<ExampleStores> {
  const store = new MemoryStore();
  for (const client of clients) await store.putClient(client);
  return { clients: store, revocations: store, counters: undefined, replay: store, close: async () => {} };
}

/**
 * The state in `database`, shared by every instance on it: `clients` put into it (configuration
 * as code: added or replaced, never deleted), then read through a cache; revocations checked
 * against a local copy kept current by the change feed (at most a second stale, else the
 * database is asked); failed authentications counted in the database, and in this process while
 * it is out of reach.
 */
export async function databaseStores(database: Database, clients: readonly Client[]): Promise<ExampleStores> {
  for (const client of clients) await database.clients.putClient(client);
  const counters = new CachedCounterStore(database.counters);
  if (database.changes === undefined) {
    return { clients: database.clients, revocations: database.revocations, counters, replay: database.replay, close: () => database.close() };
  }
  const changes = new ChangeFollower(database.changes);
  const revocations = new RevocationSet(database.revocations, changes);
  const cachedClients = new ClientCache(database.clients, changes);
  await changes.ready();
  return {
    clients: cachedClients,
    revocations,
    counters,
    replay: database.replay,
    async close() {
      await changes.close();
      await database.close();
    },
  };
}
