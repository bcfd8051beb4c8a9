/**
 * One change a store reports to the instances that keep local copies: a revocation, or a client
 * that changed (created, updated, disabled, enabled, rotated or deleted) so its cached copy must
 * be dropped. Times are seconds since the epoch.
 */
export type StoreChange =
  | { readonly kind: "token-revoked"; readonly jti: string; readonly keepUntil: number }
  | {
      readonly kind: "client-tokens-revoked";
      readonly clientId: string;
      readonly issuedBefore: number;
      readonly keepUntil: number;
    }
  | { readonly kind: "client-changed"; readonly clientId: string };

/** What {@link ChangeFeed.readChanges} returns. */
export interface ChangeBatch {
  /**
   * The changes after the cursor read from, oldest first. Read without a cursor, every
   * revocation still kept (`client-changed` entries are not needed then: nothing is cached yet).
   */
  readonly changes: readonly StoreChange[];
  /** Where the next read starts. Opaque; store it as it is. */
  readonly cursor: string;
  /**
   * `true` when the cursor read from was older than the store's change retention, so that
   * `client-changed` entries after it may have been forgotten: the batch is then what a read
   * without a cursor returns (every revocation still kept, and a new cursor), and a reader drops
   * everything it cached from `client-changed` (its client cache) and reloads on demand.
   * Absent on every other read.
   */
  readonly reset?: true | undefined;
}

/**
 * The store's changes, in order, for local copies (a resource server's revocation set, the
 * authorization server's client cache). A reader polls {@link ChangeFeed.readChanges}; a store
 * that can push (PostgreSQL `LISTEN/NOTIFY`) also offers {@link ChangeFeed.watch}, so the reader
 * reads as soon as something changes instead of waiting for its next poll.
 *
 * A change must never be skipped: a write that commits after a later one was read must still
 * reach the reader (with SQL sequences, which commit out of order, re-read a window behind the
 * cursor). A change may be delivered twice. A store forgets `client-changed` entries after a
 * retention time; a reader whose cursor is older than that is told so with
 * {@link ChangeBatch.reset}, never left to miss them. `ChangeFollower` reads a feed for the
 * local copies of one process.
 */
export interface ChangeFeed {
  /** Changes after `cursor`; with `undefined`, the current state (see {@link ChangeBatch}). */
  readChanges(cursor: string | undefined): Promise<ChangeBatch>;
  /**
   * Calls `listener` soon after a change is written, by any instance. Resolves with a function
   * that stops watching. `onError` is told when the push channel fails (the reader then polls
   * until `watch` is called again). Optional: without it, readers poll.
   */
  watch?(listener: () => void, onError: (error: unknown) => void): Promise<() => Promise<void>>;
}
