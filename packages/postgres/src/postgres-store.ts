import type {
  ChangeBatch,
  ChangeFeed,
  Client,
  ClientPage,
  ClientSecretHash,
  ClientStore,
  Consistency,
  CounterState,
  CounterStore,
  ReplayStore,
  RevocableToken,
  RevocationStore,
} from "@tessera/core";
import { checkClient, checkClientId, checkCounterHit, checkCounterKey, checkKey, checkReservation, checkSecret, checkTime, invalidOption, isTime } from "@tessera/core/store";
import { changeFeedStatements } from "./change-feed.js";
import { invalidSchema } from "./schema-name.js";
import { clientStatements } from "./client-statements.js";
import { runner, type StoreContext } from "./context.js";
import { counterStatements } from "./counter-statements.js";
import type { PostgresDriver } from "./driver.js";
import { toStoreError } from "./errors.js";
import { isSchemaName, namesIn } from "./names.js";
import { revocationStatements } from "./revocation-statements.js";
import { sweepStatement } from "./sweep.js";

/** Options of {@link PostgresStore}. */
export interface PostgresStoreOptions {
  /** The schema that {@link migrate} made the tables in. @defaultValue "public" */
  readonly schema?: string | undefined;
  /**
   * Whether each write sends a `NOTIFY` in its own statement, which {@link PostgresStore.watch}
   * listens for. Turn it off on a database without `NOTIFY` (CockroachDB, YugabyteDB).
   * @defaultValue true
   */
  readonly notify?: boolean | undefined;
  /**
   * Seconds a write may take to commit after drawing its change's sequence value (longer than
   * any transaction that writes the stores' tables). A reader waits that long for a missing
   * value before it moves past it. @defaultValue 60
   */
  readonly lateCommitWindow?: number | undefined;
  /**
   * Seconds a `client-changed` entry stays in the change feed: a reader whose cursor is older
   * may miss it. Revocation entries stay until their `keepUntil`. @defaultValue 86400
   */
  readonly changeRetention?: number | undefined;
  /**
   * Seconds a statement may take before the operation rejects with `TemporarilyUnavailableError`
   * (a database out of reach, or a driver waiting to reconnect): below the server's
   * `limits.timeout`, so that an outage is answered 503, not 500. The statement is not cancelled.
   * Fractions allowed. @defaultValue 3
   */
  readonly timeout?: number | undefined;
  /** Writes between two sweeps of expired rows (each at most 500 rows per table). @defaultValue 100 */
  readonly sweepEvery?: number | undefined;
  /** Told when a sweep fails; the write that triggered it has succeeded. @defaultValue `console.error` */
  readonly onError?: ((error: unknown) => void) | undefined;
}

/**
 * Every store of the storage contract on PostgreSQL: clients, revocations and their change feed
 * (with `watch` through `LISTEN`/`NOTIFY` when the driver listens and `notify` is on), counters
 * and replay reservations. Run {@link migrate} first. Every operation is one statement, so it
 * is atomic on its own, and `strong`: seen by every instance sharing the database on its next read.
 * Expiry is judged by the database's clock, so instances with skewed clocks agree. A database out
 * of reach rejects with `TemporarilyUnavailableError`; a caller's mistake with a `TypeError`.
 *
 * @see RFC 7009 (token revocation), RFC 7523 §3 and RFC 9449 §11.1 (single-use `jti`s, which
 * `reserve` guards)
 */
export class PostgresStore implements ClientStore, RevocationStore, ChangeFeed, CounterStore, ReplayStore {
  readonly clientConsistency: Consistency = "strong";
  readonly revocationConsistency: Consistency = "strong";
  readonly counterConsistency: Consistency = "strong";
  readonly replayConsistency: Consistency = "strong";
  /**
   * Calls `listener` soon after any instance writes a change, through `LISTEN` on a connection
   * of its own; `onError` is told if that connection fails. `undefined` when the driver cannot
   * listen or `notify` is off: readers poll.
   */
  readonly watch?: NonNullable<ChangeFeed["watch"]>;

  readonly #clients: ReturnType<typeof clientStatements>;
  readonly #revocations: ReturnType<typeof revocationStatements>;
  readonly #changes: ReturnType<typeof changeFeedStatements>;
  readonly #counters: ReturnType<typeof counterStatements>;
  readonly #sweep: () => Promise<number>;
  readonly #ping: () => Promise<unknown>;

  constructor(db: PostgresDriver, options: PostgresStoreOptions = {}) {
    const { schema = "public", notify = true, lateCommitWindow = 60, changeRetention = 86_400, sweepEvery = 100, timeout = 3 } = options;
    const { onError = (error: unknown) => console.error(error) } = options;
    if (typeof db !== "object" || db === null || typeof db.query !== "function") throw invalidOption("db", "must be a PostgresDriver");
    if (!isSchemaName(schema)) throw invalidSchema();
    if (typeof notify !== "boolean") throw invalidOption("notify", "must be a boolean");
    if (!isTime(lateCommitWindow) || lateCommitWindow <= 0) throw invalidOption("lateCommitWindow", "must be a positive number of seconds");
    if (!isTime(changeRetention) || changeRetention <= 0) throw invalidOption("changeRetention", "must be a positive number of seconds");
    if (!Number.isSafeInteger(sweepEvery) || sweepEvery < 1) throw invalidOption("sweepEvery", "must be a positive whole number");
    if (!isTime(timeout) || timeout <= 0) throw invalidOption("timeout", "must be a positive number of seconds");
    if (typeof onError !== "function") throw invalidOption("onError", "must be a function");
    const names = namesIn(schema);
    const run = runner(db, timeout);
    const sweep = sweepStatement({ names });
    this.#ping = () => run("SELECT 1", []);
    this.#sweep = async () => Number((await run(sweep, [lateCommitWindow, changeRetention]))[0]?.deleted ?? 0);
    let writes = 0;
    const context: StoreContext = {
      names,
      notify: notify ? `pg_notify('${names.channel}', '')` : "NULL",
      lateCommitWindow,
      changeRetention,
      run,
      wrote: async () => {
        if (++writes % sweepEvery !== 0) return;
        await this.#sweep().catch((error: unknown) => onError(error));
      },
    };
    this.#clients = clientStatements(context);
    this.#revocations = revocationStatements(context);
    this.#changes = changeFeedStatements(context);
    this.#counters = counterStatements(context);
    const { listen } = db;
    if (notify && listen !== undefined) {
      this.watch = async (listener, onWatchError) => {
        if (typeof listener !== "function") throw invalidOption("listener", "must be a function");
        if (typeof onWatchError !== "function") throw invalidOption("onError", "must be a function");
        try {
          return await listen.call(db, names.channel, listener, onWatchError);
        } catch (error) {
          throw toStoreError(error);
        }
      };
    }
  }

  /**
   * One `SELECT 1`, for the authorization server's readiness probe; rejects with
   * `TemporarilyUnavailableError` while the database is out of reach or slower than `timeout`.
   */
  async ping(): Promise<void> {
    await this.#ping();
  }

  async getClient(clientId: string): Promise<Client | undefined> {
    checkClientId(clientId);
    return this.#clients.get(clientId);
  }

  async createClient(client: Client): Promise<boolean> {
    checkClient(client);
    return this.#clients.create(client);
  }

  async putClient(client: Client): Promise<void> {
    checkClient(client);
    return this.#clients.put(client);
  }

  async updateClient(client: Client): Promise<boolean> {
    checkClient(client);
    return this.#clients.update(client);
  }

  async setClientDisabled(clientId: string, disabled: boolean): Promise<boolean> {
    checkClientId(clientId);
    if (typeof disabled !== "boolean") throw invalidOption("disabled", "must be a boolean");
    return this.#clients.setDisabled(clientId, disabled);
  }

  /** Atomic in one `UPDATE`: concurrent rotations of one client each add their secret. */
  async rotateClientSecret(clientId: string, secret: ClientSecretHash, previousExpireAt: number): Promise<boolean> {
    checkClientId(clientId);
    checkSecret(secret, "secret");
    checkTime(previousExpireAt, "previousExpireAt");
    return this.#clients.rotate(clientId, secret, previousExpireAt);
  }

  async deleteClient(clientId: string): Promise<boolean> {
    checkClientId(clientId);
    return this.#clients.delete(clientId);
  }

  async listClients(options: { readonly after?: string | undefined; readonly limit?: number | undefined } = {}): Promise<ClientPage> {
    const { after, limit = 100 } = options;
    if (after !== undefined && typeof after !== "string") throw invalidOption("after", "must be a string");
    if (!Number.isSafeInteger(limit) || limit < 1 || limit > 1000) throw invalidOption("limit", "must be a whole number from 1 to 1000");
    return this.#clients.list(after, limit);
  }

  async revokeToken(jti: string, keepUntil: number): Promise<void> {
    checkKey(jti, "jti", Infinity);
    checkTime(keepUntil, "keepUntil");
    return this.#revocations.revokeToken(jti, keepUntil);
  }

  async revokeClientTokens(clientId: string, issuedBefore: number, keepUntil: number): Promise<void> {
    checkClientId(clientId);
    checkTime(issuedBefore, "issuedBefore");
    checkTime(keepUntil, "keepUntil");
    return this.#revocations.revokeClientTokens(clientId, issuedBefore, keepUntil);
  }

  async isRevoked(token: RevocableToken): Promise<boolean> {
    if (typeof token !== "object" || token === null) throw invalidOption("token", "must be an object");
    checkKey(token.jti, "token.jti", Infinity);
    checkClientId(token.clientId, "token.clientId");
    checkTime(token.issuedAt, "token.issuedAt");
    return this.#revocations.isRevoked(token);
  }

  /**
   * Without a cursor, the revocations kept and a cursor a little behind the newest change (so no
   * write still committing is skipped); after one, up to 1000 changes. Rows after a sequence
   * value not yet committed are delivered again on the next read until it commits or
   * `lateCommitWindow` passes: a change may be delivered twice, never skipped. A cursor older
   * than a `client-changed` entry the sweep has deleted (past `changeRetention`) gets
   * `reset: true` with the revocations kept, as without a cursor.
   */
  async readChanges(cursor: string | undefined): Promise<ChangeBatch> {
    return this.#changes.read(cursor);
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

  /** One `INSERT … ON CONFLICT DO UPDATE … WHERE` ended: exactly one concurrent caller wins. */
  async reserve(key: string, until: number): Promise<boolean> {
    checkReservation(key, until);
    return this.#counters.reserve(key, until);
  }

  /**
   * Deletes expired rows now, at most 500 per table, and resolves with how many. The store also
   * does this every `sweepEvery` writes; call it from a scheduled job to sweep without writes.
   */
  sweep(): Promise<number> {
    return this.#sweep();
  }
}
