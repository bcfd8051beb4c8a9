import { invalidOption, isPositiveInteger } from "../lib/checks.js";
import { BoundedCounterStore } from "./bounded-counter-store.js";
import type { ChangeBatch, ChangeFeed, StoreChange } from "./changes.js";
import { MemoryChangeLog } from "./memory-change-log.js";
import type { Client, ClientPage, ClientSecretHash, ClientStore } from "./clients.js";
import type { Consistency } from "./consistency.js";
import type { CounterState, CounterStore } from "./counters.js";
import type { ReplayStore } from "./replay.js";
import type { RevocableToken, RevocationStore } from "./revocations.js";
import { checkClient, checkClientId, checkCounterHit, checkCounterKey, checkKey, checkReservation, checkSecret, checkTime, isTime, storedClient } from "./store-checks.js";

/** Options of {@link MemoryStore}. */
export interface MemoryStoreOptions {
  /** The clock, in milliseconds since the epoch; for tests. @defaultValue `Date.now` */
  readonly now?: (() => number) | undefined;
  /**
   * Seconds a `client-changed` entry stays in the change feed: a reader whose cursor is older
   * may miss it. Revocation entries stay until their `keepUntil`. @defaultValue 86400
   */
  readonly changeRetention?: number | undefined;
  /**
   * Counters held at most: past it, a new key `group/name` counts on its group's overflow
   * counter, as {@link BoundedCounterStore} does, so a flood of keys neither grows memory nor
   * frees a running counter. @defaultValue 10000
   */
  readonly maxCounters?: number | undefined;
}

/**
 * Every store of the storage contract in this process's memory: clients, revocations with their
 * change feed (and `watch`, in process), counters and replay reservations. For tests, single
 * instance deployments and development.
 *
 * Its consistency is `strong` within one process only: every operation is atomic and seen at
 * once by every caller in the process, but nothing is shared with other processes, so several
 * instances behind a load balancer each see only their own writes.
 *
 * Counters are a {@link BoundedCounterStore}: bounded, never dropped while their window runs.
 * Expired revocations, reservations, counter windows and feed entries are ignored by reads at
 * once and swept out as writes go on (a full sweep after as many writes as there are entries,
 * so O(1) per write amortised); no timer keeps a process alive. Stored clients are deep-frozen
 * copies of their JSON form.
 *
 * @see RFC 7009 (token revocation), RFC 7523 §3 and RFC 9449 §11.1 (single-use `jti`s, which
 * `reserve` guards)
 */
export class MemoryStore implements ClientStore, RevocationStore, ChangeFeed, CounterStore, ReplayStore {
  readonly clientConsistency: Consistency = "strong";
  readonly revocationConsistency: Consistency = "strong";
  readonly counterConsistency: Consistency = "strong";
  readonly replayConsistency: Consistency = "strong";

  readonly #now: () => number;
  readonly #changeRetention: number;
  readonly #clients = new Map<string, Client>();
  readonly #revokedTokens = new Map<string, number>();
  readonly #revokedClients = new Map<string, { readonly issuedBefore: number; readonly keepUntil: number }>();
  readonly #counters: BoundedCounterStore;
  readonly #reservations = new Map<string, number>();
  readonly #log = new MemoryChangeLog();
  #writesUntilSweep = 64;

  constructor(options: MemoryStoreOptions = {}) {
    const { now = Date.now, changeRetention = 86_400, maxCounters } = options;
    if (typeof now !== "function") throw invalidOption("now", "expected a function returning milliseconds");
    if (!isTime(changeRetention) || changeRetention <= 0) throw invalidOption("changeRetention", "must be a positive number of seconds");
    this.#now = now;
    this.#changeRetention = changeRetention;
    if (maxCounters !== undefined && !isPositiveInteger(maxCounters)) throw invalidOption("maxCounters", "must be a positive whole number");
    this.#counters = new BoundedCounterStore({ maxKeys: maxCounters, now });
  }

  async getClient(clientId: string): Promise<Client | undefined> {
    checkClientId(clientId);
    return this.#clients.get(clientId);
  }

  async createClient(client: Client): Promise<boolean> {
    checkClient(client);
    if (this.#clients.has(client.clientId)) return false;
    this.#setClient(storedClient(client));
    return true;
  }

  async putClient(client: Client): Promise<void> {
    checkClient(client);
    this.#setClient(storedClient(client));
  }

  async updateClient(client: Client): Promise<boolean> {
    checkClient(client);
    if (!this.#clients.has(client.clientId)) return false;
    this.#setClient(storedClient(client));
    return true;
  }

  async setClientDisabled(clientId: string, disabled: boolean): Promise<boolean> {
    checkClientId(clientId);
    if (typeof disabled !== "boolean") throw invalidOption("disabled", "must be a boolean");
    const client = this.#clients.get(clientId);
    if (client === undefined) return false;
    this.#setClient(storedClient({ ...client, disabled }));
    return true;
  }

  async rotateClientSecret(clientId: string, secret: ClientSecretHash, previousExpireAt: number): Promise<boolean> {
    checkClientId(clientId);
    checkSecret(secret, "secret");
    checkTime(previousExpireAt, "previousExpireAt");
    const client = this.#clients.get(clientId);
    if (client === undefined) return false;
    const kept = (client.secrets ?? []).map((held) =>
      held.expiresAt === undefined || held.expiresAt > previousExpireAt ? { ...held, expiresAt: previousExpireAt } : held,
    );
    this.#setClient(storedClient({ ...client, secrets: [...kept, secret] }));
    return true;
  }

  async deleteClient(clientId: string): Promise<boolean> {
    checkClientId(clientId);
    if (!this.#clients.delete(clientId)) return false;
    this.#record({ kind: "client-changed", clientId });
    return true;
  }

  async listClients(options: { readonly after?: string | undefined; readonly limit?: number | undefined } = {}): Promise<ClientPage> {
    const { after, limit = 100 } = options;
    if (after !== undefined && typeof after !== "string") throw invalidOption("after", "must be a string");
    if (!isPositiveInteger(limit) || limit > 1000) throw invalidOption("limit", "must be a whole number from 1 to 1000");
    const ids = [...this.#clients.keys()].filter((id) => after === undefined || id > after).sort();
    const page = ids.slice(0, limit);
    const clients = page.map((id) => this.#clients.get(id) as Client);
    return { clients, next: ids.length > limit ? page[page.length - 1] : undefined };
  }

  async revokeToken(jti: string, keepUntil: number): Promise<void> {
    checkKey(jti, "jti", Infinity);
    checkTime(keepUntil, "keepUntil");
    const held = this.#revokedTokens.get(jti);
    if (held !== undefined && held >= keepUntil) return;
    this.#revokedTokens.set(jti, keepUntil);
    this.#record({ kind: "token-revoked", jti, keepUntil });
  }

  async revokeClientTokens(clientId: string, issuedBefore: number, keepUntil: number): Promise<void> {
    checkClientId(clientId);
    checkTime(issuedBefore, "issuedBefore");
    checkTime(keepUntil, "keepUntil");
    const held = this.#revokedClients.get(clientId);
    const mark = {
      issuedBefore: Math.max(issuedBefore, held?.issuedBefore ?? -Infinity),
      keepUntil: Math.max(keepUntil, held?.keepUntil ?? -Infinity),
    };
    if (held !== undefined && held.issuedBefore === mark.issuedBefore && held.keepUntil === mark.keepUntil) return;
    this.#revokedClients.set(clientId, mark);
    this.#record({ kind: "client-tokens-revoked", clientId, ...mark });
  }

  async isRevoked(token: RevocableToken): Promise<boolean> {
    if (typeof token !== "object" || token === null) throw invalidOption("token", "must be an object");
    const { jti, clientId, issuedAt } = token;
    checkKey(jti, "token.jti", Infinity);
    checkClientId(clientId, "token.clientId");
    checkTime(issuedAt, "token.issuedAt");
    const now = this.#seconds();
    const keepUntil = this.#revokedTokens.get(jti);
    if (keepUntil !== undefined && keepUntil > now) return true;
    const mark = this.#revokedClients.get(clientId);
    return mark !== undefined && mark.keepUntil > now && issuedAt < mark.issuedBefore;
  }

  /**
   * Without a cursor, every revocation still kept; after one, the changes since. A cursor older
   * than a `client-changed` entry that `changeRetention` has dropped gets `reset: true` and the
   * revocations kept, as without a cursor.
   */
  async readChanges(cursor: string | undefined): Promise<ChangeBatch> {
    const now = this.#seconds();
    if (cursor !== undefined) {
      const changes = this.#log.read(cursor, now);
      if (changes !== undefined) return { changes, cursor: this.#log.cursor };
    }
    const changes: StoreChange[] = [];
    for (const [jti, keepUntil] of this.#revokedTokens) {
      if (keepUntil > now) changes.push({ kind: "token-revoked", jti, keepUntil });
    }
    for (const [clientId, mark] of this.#revokedClients) {
      if (mark.keepUntil > now) changes.push({ kind: "client-tokens-revoked", clientId, ...mark });
    }
    return cursor === undefined ? { changes, cursor: this.#log.cursor } : { changes, cursor: this.#log.cursor, reset: true };
  }

  /** Always reachable: memory. */
  async ping(): Promise<void> {}

  /** Calls `listener` in a microtask after every change made through this store. */
  async watch(listener: () => void, onError: (error: unknown) => void): Promise<() => Promise<void>> {
    return this.#log.watch(listener, onError);
  }

  async hit(key: string, windowSeconds: number): Promise<CounterState> {
    checkCounterHit(key, windowSeconds);
    return this.#counters.hit(key, windowSeconds);
  }

  async peek(key: string): Promise<CounterState | undefined> {
    checkCounterKey(key);
    return this.#counters.peek(key);
  }

  async reset(key: string): Promise<void> {
    checkCounterKey(key);
    return this.#counters.reset(key);
  }

  async reserve(key: string, until: number): Promise<boolean> {
    checkReservation(key, until);
    const held = this.#reservations.get(key);
    if (held !== undefined && held > this.#seconds()) return false;
    this.#reservations.set(key, until);
    this.#wrote();
    return true;
  }

  #seconds(): number {
    return this.#now() / 1000;
  }

  #setClient(client: Client): void {
    this.#clients.set(client.clientId, client);
    this.#record({ kind: "client-changed", clientId: client.clientId });
  }

  /** Appends `change` to the feed, which tells the watchers. */
  #record(change: StoreChange): void {
    const dropAt = change.kind === "client-changed" ? this.#seconds() + this.#changeRetention : change.keepUntil;
    this.#log.record(change, dropAt);
    this.#wrote();
  }

  /** Counts a write; sweeps everything expired once the writes since the last sweep reach the entries held. */
  #wrote(): void {
    if (--this.#writesUntilSweep > 0) return;
    const now = this.#seconds();
    for (const [jti, keepUntil] of this.#revokedTokens) if (keepUntil <= now) this.#revokedTokens.delete(jti);
    for (const [clientId, { keepUntil }] of this.#revokedClients) if (keepUntil <= now) this.#revokedClients.delete(clientId);
    for (const [key, until] of this.#reservations) if (until <= now) this.#reservations.delete(key);
    this.#log.sweep(now);
    const held = this.#revokedTokens.size + this.#revokedClients.size + this.#reservations.size;
    this.#writesUntilSweep = Math.max(64, held + this.#log.size);
  }

  /** Entries held, expired or not: what the sweep keeps bounded. For tests. */
  get size(): number {
    return this.#revokedTokens.size + this.#revokedClients.size + this.#counters.size + this.#reservations.size + this.#log.size;
  }
}

