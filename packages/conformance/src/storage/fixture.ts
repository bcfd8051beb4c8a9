import type { ChangeFeed, ClientStore, CounterStore, ReplayStore, RevocationStore } from "@tessera/core";

/** The stores of one backend, as the conformance suite uses them. */
export interface StoreViews {
  readonly clients: ClientStore;
  readonly revocations: RevocationStore;
  readonly changes: ChangeFeed;
  readonly counters: CounterStore;
  readonly replay: ReplayStore;
}

/**
 * One store under test. The checks share it: each uses its own ids and keys (a random prefix per
 * run and check), so the store need not be empty and other checks' data is ignored.
 */
export interface StoreFixture {
  /**
   * Views of the same data: one per connection or instance (a pool each for PostgreSQL, a store
   * object each for D1), so races run across connections. At least one.
   */
  readonly views: readonly [StoreViews, ...StoreViews[]];
  /** The store's clock, in seconds since the epoch: the database's for SQL stores. */
  now(): Promise<number>;
  /**
   * Moves the store's clock on, for a store whose clock is injected. Without it, the checks wait
   * for time to pass (never more than about two seconds).
   */
  readonly advance?: ((seconds: number) => void) | undefined;
  /**
   * A store of the same kind (on the same data, or its own) whose change feed keeps
   * `client-changed` entries only `changeRetention` seconds (about one; for a SQL store, with a
   * late-commit window below that), and how to make it forget what is past that now (its sweep,
   * run until nothing is left to delete), for the check of `ChangeBatch.reset`.
   */
  readonly shortRetention: {
    readonly view: StoreViews;
    readonly changeRetention: number;
    forget(): Promise<void>;
  };
}

/** One check: `run` resolves with every problem found, none when the store conforms. */
export interface StoreCheck {
  readonly name: string;
  run(fixture: StoreFixture, id: (name: string) => string): Promise<readonly string[]>;
}
