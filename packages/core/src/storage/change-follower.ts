import { invalidOption } from "../lib/checks.js";
import { backgroundTimer, type Timer } from "../lib/timers.js";
import { safeErrorHook, type ErrorHook } from "../protocol/faults.js";
import type { ChangeFeed, StoreChange } from "./changes.js";
import { isTime } from "./store-checks.js";

/** Options of {@link ChangeFollower}. */
export interface ChangeFollowerOptions {
  /**
   * Seconds between two reads of the feed. The follower reads at once when the store pushes a
   * change (`ChangeFeed.watch`), and polls anyway: a poll that finds nothing new is what proves
   * the local copies fresh. Keep it below the `maxStaleness` of a `RevocationSet` that uses it.
   * Fractions allowed. @defaultValue 0.25
   */
  readonly pollInterval?: number | undefined;
  /** Seconds before watching again after the store's push channel failed. @defaultValue 5 */
  readonly rewatchDelay?: number | undefined;
  /**
   * Told when reads start failing (once for a run of failed reads: the follower keeps trying, and
   * its copies grow stale meanwhile), when the push channel fails, and when a listener throws.
   * The `request` is always `undefined`.
   * @defaultValue writes one line naming the error's type with `console.error`
   */
  readonly onError?: ErrorHook | undefined;
  /** The clock, in milliseconds since the epoch; for tests. @defaultValue `Date.now` */
  readonly now?: (() => number) | undefined;
}

/**
 * Told about each batch of changes, in order. `reset` is `true` for a batch read without a
 * cursor (the first, one after a late subscriber, or one the store answered with
 * `ChangeBatch.reset`): it holds every revocation kept, and anything cached from
 * `client-changed` must be dropped.
 */
export type ChangeListener = (changes: readonly StoreChange[], reset: boolean) => void;

/** Reads at most this many batches in a row before the follower stops to breathe. */
const maxRounds = 100;

/**
 * Follows a store's {@link ChangeFeed} for the local copies of one process (a `RevocationSet`,
 * a `ClientCache`): reads it every `pollInterval`, and at once when the store pushes (PostgreSQL
 * `LISTEN`/`NOTIFY`), and hands each batch to every subscriber. It starts with the first
 * subscription, and knows how fresh its subscribers are: {@link ChangeFollower.staleness} is the
 * time since the start of the last read that found nothing left to read.
 *
 * Runtime-agnostic, and it never keeps a process alive: its timers are unreferenced, and
 * {@link ChangeFollower.close} stops it (and the store's push channel). Not for a Cloudflare
 * Worker, whose I/O belongs to one request: there, check the store directly.
 *
 * @example
 * ```ts
 * const changes = new ChangeFollower(store);
 * const revocations = new RevocationSet(store, changes);
 * const clients = new ClientCache(store, changes);
 * await changes.ready();
 * // … and at shutdown:
 * await changes.close();
 * ```
 */
export class ChangeFollower {
  /** Seconds between two reads, as resolved from the options. */
  readonly pollInterval: number;
  readonly #feed: ChangeFeed;
  readonly #rewatchDelay: number;
  readonly #onError: ErrorHook;
  readonly #now: () => number;
  readonly #listeners = new Set<ChangeListener>();
  /** Subscribers waiting for their first batch, which is a reset. */
  readonly #joining = new Set<ChangeListener>();
  #cursor: string | undefined;
  /** Whether the next read starts afresh, without a cursor, for a subscriber that came late. */
  #resync = false;
  /** When the last read that caught up began, in milliseconds; never, at first. */
  #freshAt = -Infinity;
  #started = false;
  #closed = false;
  #reading: Promise<void> | undefined;
  #readAgain = false;
  #timer: Timer | undefined;
  #stopWatching: Promise<(() => Promise<void>) | undefined> | undefined;
  #waiters: (() => void)[] = [];
  /** Whether the last read failed: a run of failures is reported once. */
  #failing = false;

  constructor(feed: ChangeFeed, options: ChangeFollowerOptions = {}) {
    if (typeof feed !== "object" || feed === null || typeof feed.readChanges !== "function") {
      throw invalidOption("feed", "expected a ChangeFeed with readChanges()");
    }
    const { pollInterval = 0.25, rewatchDelay = 5, onError, now = Date.now } = options;
    if (!isTime(pollInterval) || pollInterval <= 0) throw invalidOption("pollInterval", "must be a positive number of seconds");
    if (!isTime(rewatchDelay) || rewatchDelay <= 0) throw invalidOption("rewatchDelay", "must be a positive number of seconds");
    if (onError !== undefined && typeof onError !== "function") throw invalidOption("onError", "expected a function (error, request) => void");
    if (typeof now !== "function") throw invalidOption("now", "expected a function returning milliseconds since the epoch");
    this.#feed = feed;
    this.pollInterval = pollInterval;
    this.#rewatchDelay = rewatchDelay;
    this.#onError = safeErrorHook(onError, "tessera: change follower");
    this.#now = now;
  }

  /**
   * Hands every batch read from now on to `listener`, starting with one that holds the store's
   * current state (a reset): the follower starts on the first subscription, and a later one
   * makes it read the state afresh for every subscriber. Returns the function that unsubscribes.
   */
  subscribe(listener: ChangeListener): () => void {
    if (typeof listener !== "function") throw invalidOption("listener", "must be a function");
    if (this.#closed) throw invalidOption("listener", "cannot subscribe to a closed ChangeFollower");
    this.#joining.add(listener);
    if (this.#started) {
      this.#resync = true;
      this.#requestRead();
    } else {
      this.#start();
    }
    return () => {
      this.#joining.delete(listener);
      this.#listeners.delete(listener);
    };
  }

  /**
   * Seconds since the start of the last read that caught up: every change committed before then
   * has reached the subscribers. `Infinity` before the first such read.
   */
  staleness(): number {
    return (this.#now() - this.#freshAt) / 1000;
  }

  /**
   * Resolves once a read that started after this call has caught up, so every subscriber holds
   * the store's state of at least that moment. Waits as long as the store is out of reach;
   * resolves at once after {@link ChangeFollower.close}.
   */
  ready(): Promise<void> {
    if (this.#closed) return Promise.resolve();
    const ready = new Promise<void>((resolve) => this.#waiters.push(resolve));
    if (this.#started) this.#requestRead();
    else this.#start();
    return ready;
  }

  /** Stops reading and watching, and lets the listeners go. Resolves once the push channel is closed. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#listeners.clear();
    this.#joining.clear();
    for (const resolve of this.#waiters.splice(0)) resolve();
    const stop = await this.#stopWatching;
    await stop?.().catch((error: unknown) => this.#onError(error, undefined));
    await this.#reading;
  }

  #start(): void {
    this.#started = true;
    // In a microtask, so that subscribers added in the same turn share the first read.
    queueMicrotask(() => this.#requestRead());
    this.#watch();
  }

  /** Reads now, or right after the read in progress. */
  #requestRead(): void {
    if (this.#closed) return;
    if (this.#reading !== undefined) {
      this.#readAgain = true;
      return;
    }
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#reading = this.#readAll().finally(() => {
      this.#reading = undefined;
      if (this.#closed) return;
      if (this.#readAgain) {
        this.#readAgain = false;
        this.#requestRead();
      } else {
        this.#timer = backgroundTimer(() => this.#requestRead(), this.pollInterval * 1000);
      }
    });
  }

  /** Reads batches until one brings nothing new, handing each to the listeners. */
  async #readAll(): Promise<void> {
    const waiters = this.#waiters.splice(0);
    let resyncing = false;
    try {
      for (let round = 0; round < maxRounds && !this.#closed; round++) {
        const startedAt = this.#now();
        resyncing = this.#resync;
        this.#resync = false;
        const from = resyncing ? undefined : this.#cursor;
        const batch = await this.#feed.readChanges(from);
        resyncing = false;
        if (this.#closed) break;
        this.#cursor = batch.cursor;
        this.#deliver(batch.changes, from === undefined || batch.reset === true);
        // Nothing new, or a cursor that cannot move yet (a write still committing before the
        // rows returned): every change committed before this read began has been delivered.
        this.#failing = false;
        if (from !== undefined && (batch.changes.length === 0 || batch.cursor === from)) {
          this.#freshAt = startedAt;
          for (const resolve of waiters) resolve();
          return;
        }
      }
      this.#readAgain = true;
    } catch (error) {
      if (resyncing) this.#resync = true;
      if (!this.#failing) this.#onError(error, undefined);
      this.#failing = true;
    }
    this.#waiters.unshift(...waiters);
  }

  /** Hands a batch to the listeners; a reset also to those waiting for one. An empty batch is no news. */
  #deliver(changes: readonly StoreChange[], reset: boolean): void {
    if (reset) {
      for (const listener of this.#joining) this.#listeners.add(listener);
      this.#joining.clear();
    } else if (changes.length === 0) {
      return;
    }
    for (const listener of this.#listeners) {
      try {
        listener(changes, reset);
      } catch (error) {
        this.#onError(error, undefined);
      }
    }
  }

  /** Watches the store's push channel, if it has one; watches again `rewatchDelay` after it fails. */
  #watch(): void {
    const { watch } = this.#feed;
    if (watch === undefined || this.#closed) return;
    const failed = (error: unknown) => {
      this.#onError(error, undefined);
      this.#stopWatching = undefined;
      if (!this.#closed) backgroundTimer(() => this.#watch(), this.#rewatchDelay * 1000);
    };
    this.#stopWatching = watch.call(this.#feed, () => this.#requestRead(), failed).then(
      async (stop) => {
        if (!this.#closed) {
          // Changes made while not watching are read now rather than at the next poll.
          this.#requestRead();
          return stop;
        }
        await stop().catch((error: unknown) => this.#onError(error, undefined));
        return undefined;
      },
      (error: unknown) => {
        failed(error);
        return undefined;
      },
    );
  }
}
