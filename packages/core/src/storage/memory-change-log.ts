import { invalidOption } from "../lib/checks.js";
import type { StoreChange } from "./changes.js";

interface LogEntry {
  readonly seq: number;
  readonly change: StoreChange;
  /** When the entry may be dropped, seconds since the epoch. */
  readonly dropAt: number;
}

interface Watcher {
  readonly listener: () => void;
  readonly onError: (error: unknown) => void;
}

const cursorPattern = /^m[1-9]\d*$|^m0$/;

/**
 * The change feed of `MemoryStore`: changes numbered in order, each kept until its `dropAt`
 * (a revocation's `keepUntil`, or the change retention for `client-changed`), and the watchers
 * told of each. It remembers the newest `client-changed` entry it has forgotten, so that a
 * reader whose cursor is older is told to reset.
 */
export class MemoryChangeLog {
  /** In order of `seq`. */
  #entries: LogEntry[] = [];
  #seq = 0;
  /** The `seq` of the newest `client-changed` entry dropped; 0 when none was. */
  #forgottenThrough = 0;
  readonly #watchers = new Set<Watcher>();

  /** The cursor after every change so far. */
  get cursor(): string {
    return `m${this.#seq}`;
  }

  /** Entries held, dropped ones not yet swept included. */
  get size(): number {
    return this.#entries.length;
  }

  /** Appends `change`, kept until `dropAt`, and tells the watchers, each in its own microtask. */
  record(change: StoreChange, dropAt: number): void {
    this.#entries.push({ seq: ++this.#seq, change: Object.freeze(change), dropAt });
    for (const { listener, onError } of this.#watchers) {
      queueMicrotask(() => {
        try {
          listener();
        } catch (error) {
          onError(error);
        }
      });
    }
  }

  /**
   * The changes after `cursor` still kept at `now`, or `undefined` when the reader must reset:
   * a `client-changed` entry after its cursor has been (or may now be) forgotten.
   */
  read(cursor: string, now: number): StoreChange[] | undefined {
    if (typeof cursor !== "string" || !cursorPattern.test(cursor)) throw invalidOption("cursor", "is not a cursor of this store");
    const after = Number(cursor.slice(1));
    if (after > this.#seq) throw invalidOption("cursor", "is not a cursor of this store");
    if (this.#forgottenThrough > after) return undefined;
    const changes: StoreChange[] = [];
    for (let index = this.#firstAfter(after); index < this.#entries.length; index++) {
      const { change, dropAt } = this.#entries[index] as LogEntry;
      if (dropAt > now) changes.push(change);
      else if (change.kind === "client-changed") return undefined;
    }
    return changes;
  }

  /** The index of the first entry numbered after `after` (entries are in order of `seq`). */
  #firstAfter(after: number): number {
    let low = 0;
    let high = this.#entries.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((this.#entries[middle] as LogEntry).seq <= after) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  /** Drops the entries whose time has come. */
  sweep(now: number): void {
    const kept: LogEntry[] = [];
    for (const entry of this.#entries) {
      if (entry.dropAt > now) kept.push(entry);
      else if (entry.change.kind === "client-changed") this.#forgottenThrough = Math.max(this.#forgottenThrough, entry.seq);
    }
    this.#entries = kept;
  }

  /** Adds a watcher; resolves with the function that removes it. */
  watch(listener: () => void, onError: (error: unknown) => void): () => Promise<void> {
    if (typeof listener !== "function") throw invalidOption("listener", "must be a function");
    if (typeof onError !== "function") throw invalidOption("onError", "must be a function");
    const watcher: Watcher = { listener, onError };
    this.#watchers.add(watcher);
    return async () => void this.#watchers.delete(watcher);
  }
}
