import { invalidOption, isPositiveInteger } from "../lib/checks.js";
import { TemporarilyUnavailableError } from "../protocol/faults.js";
import type { ChangeFollower } from "./change-follower.js";
import type { StoreChange } from "./changes.js";
import type { Client, ClientRepository } from "./clients.js";
import { pingStore } from "./probe.js";
import { isTime } from "./store-checks.js";

/** Options of {@link ClientCache}. */
export interface ClientCacheOptions {
  /**
   * Seconds a client read from the store is used without asking again, unless the change feed
   * says it changed first: the longest a client disabled elsewhere may still get tokens here
   * when the change feed is out of reach. Fractions allowed. @defaultValue 30
   */
  readonly maxAge?: number | undefined;
  /**
   * Seconds past `maxAge` during which a client is still served when reading it again fails
   * with `TemporarilyUnavailableError` (the store out of reach), so that issuance for known
   * clients goes on through a database blip. 0 turns it off. @defaultValue 30
   */
  readonly staleIfError?: number | undefined;
  /** Clients held at most; past it, the oldest read goes. @defaultValue 10000 */
  readonly maxEntries?: number | undefined;
  /** The clock, in milliseconds since the epoch; for tests. @defaultValue `Date.now` */
  readonly now?: (() => number) | undefined;
}

interface Entry {
  readonly client: Promise<Client | undefined>;
  /** When it was read, in milliseconds. */
  readonly readAt: number;
}

/**
 * A {@link ClientRepository} that keeps the clients it reads from another (a `ClientStore` on a
 * database) in this process for `maxAge`, so that issuing tokens to a known client costs no
 * round trip, and goes on while the store is briefly out of reach. With a {@link ChangeFollower}
 * of the store's feed, a client that changes anywhere (created, updated, disabled, rotated,
 * deleted) is dropped here as soon as the follower reads the change (at once with a store that
 * pushes, else within its `pollInterval`), and a reset drops every client.
 *
 * The trade-off: while the change feed is out of reach, a client disabled elsewhere may still get
 * tokens here for up to `maxAge` (and `staleIfError` more if the store is out of reach too).
 * Unknown client ids and failed reads are not cached; concurrent reads of one id share one
 * round trip.
 */
export class ClientCache implements ClientRepository {
  readonly #clients: ClientRepository;
  readonly #maxAge: number;
  readonly #staleIfError: number;
  readonly #maxEntries: number;
  readonly #now: () => number;
  readonly #entries = new Map<string, Entry>();
  readonly #unsubscribe: (() => void) | undefined;

  constructor(clients: ClientRepository, changes: ChangeFollower | undefined, options: ClientCacheOptions = {}) {
    if (typeof clients?.getClient !== "function") throw invalidOption("clients", "expected a ClientRepository with getClient()");
    if (changes !== undefined && typeof changes?.subscribe !== "function") {
      throw invalidOption("changes", "expected a ChangeFollower of the store's feed, or undefined");
    }
    const { maxAge = 30, staleIfError = 30, maxEntries = 10_000, now = Date.now } = options;
    if (!isTime(maxAge) || maxAge <= 0) throw invalidOption("maxAge", "must be a positive number of seconds");
    if (!isTime(staleIfError) || staleIfError < 0) throw invalidOption("staleIfError", "must be a number of seconds, zero or more");
    if (!isPositiveInteger(maxEntries)) throw invalidOption("maxEntries", "must be a positive whole number");
    if (typeof now !== "function") throw invalidOption("now", "expected a function returning milliseconds since the epoch");
    this.#clients = clients;
    this.#maxAge = maxAge * 1000;
    this.#staleIfError = staleIfError * 1000;
    this.#maxEntries = maxEntries;
    this.#now = now;
    this.#unsubscribe = changes?.subscribe((batch, reset) => this.#apply(batch, reset));
  }

  /**
   * The client, from the cache while it is younger than `maxAge`, else from the store; when the
   * store is out of reach, the cached client for `staleIfError` more.
   */
  /** Pings the store behind the cache, for the readiness probe. */
  ping(): Promise<void> {
    return pingStore(this.#clients);
  }

  getClient(clientId: string): Promise<Client | undefined> {
    const now = this.#now();
    const held = this.#entries.get(clientId);
    if (held !== undefined && now - held.readAt < this.#maxAge) return held.client;
    const read = this.#clients.getClient(clientId);
    const entry: Entry = { client: read, readAt: now };
    this.#entries.delete(clientId);
    this.#entries.set(clientId, entry);
    if (this.#entries.size > this.#maxEntries) this.#dropOldest();
    const usable = (stale: Entry | undefined): stale is Entry =>
      stale !== undefined && this.#now() - stale.readAt < this.#maxAge + this.#staleIfError;
    const settle = (keep: Entry | undefined) => {
      if (this.#entries.get(clientId) !== entry) return;
      if (keep === undefined) this.#entries.delete(clientId);
      else this.#entries.set(clientId, keep);
    };
    read.then(
      (found) => found === undefined && settle(undefined),
      (error: unknown) => settle(error instanceof TemporarilyUnavailableError && usable(held) ? held : undefined),
    );
    if (held === undefined) return read;
    return read.catch((error: unknown) => {
      if (error instanceof TemporarilyUnavailableError && usable(held)) return held.client;
      throw error;
    });
  }

  /** Forgets one client, or every client; the next read of it goes to the store. */
  invalidate(clientId?: string): void {
    if (clientId === undefined) this.#entries.clear();
    else this.#entries.delete(clientId);
  }

  /** Clients held, as promises of a read in flight included. */
  get size(): number {
    return this.#entries.size;
  }

  /** Stops following the store's changes. */
  close(): void {
    this.#unsubscribe?.();
  }

  #apply(changes: readonly StoreChange[], reset: boolean): void {
    if (reset) this.#entries.clear();
    for (const change of changes) if (change.kind === "client-changed") this.#entries.delete(change.clientId);
  }

  /** Drops the entry read longest ago: the first in the map, which keeps them in order of reading. */
  #dropOldest(): void {
    const oldest = this.#entries.keys().next();
    if (oldest.done !== true) this.#entries.delete(oldest.value);
  }
}
