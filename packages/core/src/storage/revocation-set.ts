import { invalidOption } from "../lib/checks.js";
import { TemporarilyUnavailableError } from "../protocol/faults.js";
import type { ChangeFollower } from "./change-follower.js";
import type { StoreChange } from "./changes.js";
import type { Consistency } from "./consistency.js";
import type { RevocableToken, RevocationStore } from "./revocations.js";
import { pingStore } from "./probe.js";
import { isTime } from "./store-checks.js";

/** Options of {@link RevocationSet}. */
export interface RevocationSetOptions {
  /**
   * The most the local copy may lag the store, in seconds: while the follower has caught up
   * within this time, revocations are checked locally; past it, as `whenStale` says. Longer
   * than the follower's `pollInterval`. Fractions allowed. @defaultValue 1
   */
  readonly maxStaleness?: number | undefined;
  /**
   * What a check does while the copy is staler than `maxStaleness` (the store's feed out of
   * reach, or the follower not yet started): `"check-store"` asks the store itself (a round trip
   * per token, and `TemporarilyUnavailableError` when the store is out of reach too);
   * `"fail-closed"` throws `TemporarilyUnavailableError` at once. Either way a token is never
   * accepted unchecked: a resource server answers 503 `temporarily_unavailable`.
   * @defaultValue "check-store"
   */
  readonly whenStale?: "check-store" | "fail-closed" | undefined;
  /** The clock, in milliseconds since the epoch, for the marks' expiry; for tests. @defaultValue `Date.now` */
  readonly now?: (() => number) | undefined;
}

/**
 * The revocations of a {@link RevocationStore}, copied into this process and kept current by a
 * {@link ChangeFollower}, so that a resource server checks each token without a round trip to
 * the store (`createResourceServer({ revocations })`). It honours both kinds of mark: one token
 * (`jti`), and every token of a client issued before a time (`revokeClientTokens`).
 *
 * Bounded staleness: a revocation written by any instance is seen here within the follower's
 * delay (at once with a store that pushes, else within `pollInterval`), and the set answers from
 * its copy only while that copy is at most `maxStaleness` old; past it, it asks the store or
 * refuses (`whenStale`), never accepts on an old copy. It is also a `RevocationStore` that
 * writes through: give it to the authorization server as `revocations`, and a token revoked in
 * this process is refused here at once. Marks are dropped once their `keepUntil` has passed.
 *
 * @see RFC 7009 (token revocation)
 */
export class RevocationSet implements RevocationStore {
  /** The store's consistency: every write goes to the store before it is applied here. */
  readonly revocationConsistency: Consistency;
  readonly #store: RevocationStore;
  readonly #changes: ChangeFollower;
  readonly #maxStaleness: number;
  readonly #failClosed: boolean;
  readonly #now: () => number;
  readonly #tokens = new Map<string, number>();
  readonly #lines = new Map<string, { readonly issuedBefore: number; readonly keepUntil: number }>();
  readonly #unsubscribe: () => void;
  #writesUntilSweep = 1024;

  constructor(store: RevocationStore, changes: ChangeFollower, options: RevocationSetOptions = {}) {
    if (typeof store?.isRevoked !== "function" || typeof store.revokeToken !== "function") {
      throw invalidOption("store", "expected a RevocationStore");
    }
    if (typeof changes?.subscribe !== "function") throw invalidOption("changes", "expected a ChangeFollower of the store's feed");
    const { maxStaleness = 1, whenStale = "check-store", now = Date.now } = options;
    if (!isTime(maxStaleness) || maxStaleness <= changes.pollInterval) {
      throw invalidOption("maxStaleness", `must be a number of seconds above the follower's pollInterval (${changes.pollInterval} s)`);
    }
    if (whenStale !== "check-store" && whenStale !== "fail-closed") throw invalidOption("whenStale", 'must be "check-store" or "fail-closed"');
    if (typeof now !== "function") throw invalidOption("now", "expected a function returning milliseconds since the epoch");
    this.revocationConsistency = store.revocationConsistency;
    this.#store = store;
    this.#changes = changes;
    this.#maxStaleness = maxStaleness;
    this.#failClosed = whenStale === "fail-closed";
    this.#now = now;
    this.#unsubscribe = changes.subscribe((batch, reset) => this.#apply(batch, reset));
  }

  /**
   * Whether `token` is revoked: from the local copy while it is fresh, else as `whenStale` says
   * (the store, or `TemporarilyUnavailableError`).
   */
  /** Pings the store behind the set, for the readiness probe. */
  ping(): Promise<void> {
    return pingStore(this.#store);
  }

  async isRevoked(token: RevocableToken): Promise<boolean> {
    if (this.#changes.staleness() > this.#maxStaleness) {
      if (this.#failClosed) throw new TemporarilyUnavailableError("the revocation set is stale", { retryAfter: 1 });
      return this.#store.isRevoked(token);
    }
    const now = this.#now() / 1000;
    const keepUntil = this.#tokens.get(token.jti);
    if (keepUntil !== undefined && keepUntil > now) return true;
    const line = this.#lines.get(token.clientId);
    return line !== undefined && line.keepUntil > now && token.issuedAt < line.issuedBefore;
  }

  /** Revokes the token in the store, then here. */
  async revokeToken(jti: string, keepUntil: number): Promise<void> {
    await this.#store.revokeToken(jti, keepUntil);
    this.#apply([{ kind: "token-revoked", jti, keepUntil }], false);
  }

  /** Revokes the client's tokens in the store, then here. */
  async revokeClientTokens(clientId: string, issuedBefore: number, keepUntil: number): Promise<void> {
    await this.#store.revokeClientTokens(clientId, issuedBefore, keepUntil);
    this.#apply([{ kind: "client-tokens-revoked", clientId, issuedBefore, keepUntil }], false);
  }

  /** Marks held, expired ones not yet swept included. */
  get size(): number {
    return this.#tokens.size + this.#lines.size;
  }

  /** Stops following the store's changes; the copy is stale from then on. */
  close(): void {
    this.#unsubscribe();
  }

  #apply(changes: readonly StoreChange[], reset: boolean): void {
    if (reset) {
      this.#tokens.clear();
      this.#lines.clear();
    }
    for (const change of changes) {
      if (change.kind === "token-revoked") {
        const held = this.#tokens.get(change.jti);
        if (held === undefined || held < change.keepUntil) this.#tokens.set(change.jti, change.keepUntil);
      } else if (change.kind === "client-tokens-revoked") {
        const held = this.#lines.get(change.clientId);
        this.#lines.set(change.clientId, {
          issuedBefore: Math.max(change.issuedBefore, held?.issuedBefore ?? -Infinity),
          keepUntil: Math.max(change.keepUntil, held?.keepUntil ?? -Infinity),
        });
      } else {
        continue;
      }
      if (--this.#writesUntilSweep <= 0) this.#sweep();
    }
  }

  /** Drops the marks whose `keepUntil` has passed; runs after as many writes as marks held. */
  #sweep(): void {
    const now = this.#now() / 1000;
    for (const [jti, keepUntil] of this.#tokens) if (keepUntil <= now) this.#tokens.delete(jti);
    for (const [clientId, { keepUntil }] of this.#lines) if (keepUntil <= now) this.#lines.delete(clientId);
    this.#writesUntilSweep = Math.max(1024, this.size);
  }
}
