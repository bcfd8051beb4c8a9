import type {
  ChangeBatch,
  ChangeFeed,
  Client,
  ClientPage,
  ClientSecretHash,
  ClientStore,
  Consistency,
  RevocableToken,
  RevocationStore,
} from "@tessera/core";
import { checkClient, checkClientId, checkKey, checkSecret, checkTime, invalidOption, isTime } from "@tessera/core/store";
import type { D1DatabaseLike } from "./bindings.js";
import { d1ClientStatements } from "./d1-client-statements.js";
import { d1RevocationStatements } from "./d1-revocation-statements.js";
import { toStoreError } from "./errors.js";

/** Options of {@link D1Store}. */
export interface D1StoreOptions {
  /**
   * Seconds a `client-changed` entry stays in the change feed: a reader whose cursor is older
   * may miss it. Revocation entries stay until their `keepUntil`. @defaultValue 86400
   */
  readonly changeRetention?: number | undefined;
  /** Writes between two sweeps of expired rows (each at most 500 rows per table). @defaultValue 100 */
  readonly sweepEvery?: number | undefined;
  /** Told when a sweep fails; the write that triggered it has succeeded. @defaultValue `console.error` */
  readonly onError?: ((error: unknown) => void) | undefined;
}

/**
 * Clients, revocations and their change feed on Cloudflare D1 (the database binding itself, not
 * a read-replica session). Run {@link migrateD1} first. Each operation is one statement, and D1
 * runs one writer at a time on its primary, so every operation is atomic and `strong`: seen by
 * every Worker on its next read. The feed has no push (no `watch`): readers poll `readChanges`.
 * Expiry is judged by D1's clock. A D1 that fails rejects with `TemporarilyUnavailableError`.
 *
 * @see RFC 7009 (token revocation)
 */
export class D1Store implements ClientStore, RevocationStore, ChangeFeed {
  readonly clientConsistency: Consistency = "strong";
  readonly revocationConsistency: Consistency = "strong";

  readonly #statements: ReturnType<typeof d1ClientStatements> & ReturnType<typeof d1RevocationStatements>;
  readonly #changeRetention: number;
  readonly #sweepEvery: number;
  readonly #onError: (error: unknown) => void;
  readonly #db: D1DatabaseLike;
  #writes = 0;

  constructor(db: D1DatabaseLike, options: D1StoreOptions = {}) {
    const { changeRetention = 86_400, sweepEvery = 100, onError = (error: unknown) => console.error(error) } = options;
    if (typeof db !== "object" || db === null || typeof db.prepare !== "function") throw invalidOption("db", "must be a D1 binding");
    if (!isTime(changeRetention) || changeRetention <= 0) throw invalidOption("changeRetention", "must be a positive number of seconds");
    if (!Number.isSafeInteger(sweepEvery) || sweepEvery < 1) throw invalidOption("sweepEvery", "must be a positive whole number");
    if (typeof onError !== "function") throw invalidOption("onError", "must be a function");
    this.#statements = { ...d1ClientStatements(db), ...d1RevocationStatements(db) };
    this.#changeRetention = changeRetention;
    this.#sweepEvery = sweepEvery;
    this.#onError = onError;
    this.#db = db;
  }

  /** One `SELECT 1`, for the authorization server's readiness probe; rejects with `TemporarilyUnavailableError` when D1 does not answer. */
  async ping(): Promise<void> {
    await this.#run(() => this.#db.prepare("SELECT 1").all());
  }

  async getClient(clientId: string): Promise<Client | undefined> {
    checkClientId(clientId);
    return this.#run(() => this.#statements.getClient(clientId));
  }

  async createClient(client: Client): Promise<boolean> {
    checkClient(client);
    return this.#write(() => this.#statements.createClient(client));
  }

  async putClient(client: Client): Promise<void> {
    checkClient(client);
    await this.#write(() => this.#statements.putClient(client));
  }

  async updateClient(client: Client): Promise<boolean> {
    checkClient(client);
    return this.#write(() => this.#statements.updateClient(client));
  }

  async setClientDisabled(clientId: string, disabled: boolean): Promise<boolean> {
    checkClientId(clientId);
    if (typeof disabled !== "boolean") throw invalidOption("disabled", "must be a boolean");
    return this.#write(() => this.#statements.setClientDisabled(clientId, disabled));
  }

  /** One `UPDATE` of the client's secrets: concurrent rotations each add their secret. */
  async rotateClientSecret(clientId: string, secret: ClientSecretHash, previousExpireAt: number): Promise<boolean> {
    checkClientId(clientId);
    checkSecret(secret, "secret");
    checkTime(previousExpireAt, "previousExpireAt");
    return this.#write(() => this.#statements.rotateClientSecret(clientId, secret, previousExpireAt));
  }

  async deleteClient(clientId: string): Promise<boolean> {
    checkClientId(clientId);
    return this.#write(() => this.#statements.deleteClient(clientId));
  }

  async listClients(options: { readonly after?: string | undefined; readonly limit?: number | undefined } = {}): Promise<ClientPage> {
    const { after, limit = 100 } = options;
    if (after !== undefined && typeof after !== "string") throw invalidOption("after", "must be a string");
    if (!Number.isSafeInteger(limit) || limit < 1 || limit > 1000) throw invalidOption("limit", "must be a whole number from 1 to 1000");
    return this.#run(() => this.#statements.listClients(after, limit));
  }

  async revokeToken(jti: string, keepUntil: number): Promise<void> {
    checkKey(jti, "jti", Infinity);
    checkTime(keepUntil, "keepUntil");
    await this.#write(() => this.#statements.revokeToken(jti, keepUntil));
  }

  async revokeClientTokens(clientId: string, issuedBefore: number, keepUntil: number): Promise<void> {
    checkClientId(clientId);
    checkTime(issuedBefore, "issuedBefore");
    checkTime(keepUntil, "keepUntil");
    await this.#write(() => this.#statements.revokeClientTokens(clientId, issuedBefore, keepUntil));
  }

  async isRevoked(token: RevocableToken): Promise<boolean> {
    if (typeof token !== "object" || token === null) throw invalidOption("token", "must be an object");
    checkKey(token.jti, "token.jti", Infinity);
    checkClientId(token.clientId, "token.clientId");
    checkTime(token.issuedAt, "token.issuedAt");
    return this.#run(() => this.#statements.isRevoked(token.jti, token.clientId, token.issuedAt));
  }

  /**
   * Without a cursor, the revocations kept and the newest change's number; after one, up to 1000
   * changes. A cursor older than a `client-changed` entry the sweep has deleted (past
   * `changeRetention`) gets `reset: true` with the revocations kept, as without a cursor.
   */
  async readChanges(cursor: string | undefined): Promise<ChangeBatch> {
    return this.#run(() => this.#statements.readChanges(cursor));
  }

  /**
   * Deletes expired rows now, at most 500 per table, and resolves with how many; the store also
   * does it every `sweepEvery` writes. A reader whose cursor is older than a `client-changed`
   * entry deleted here is told to reset.
   */
  async sweep(): Promise<number> {
    return this.#run(() => this.#statements.sweep(this.#changeRetention));
  }

  async #run<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      throw toStoreError(error, "D1");
    }
  }

  /** Runs a write; every `sweepEvery` writes that changed something, sweeps, telling `onError` of a failure. */
  async #write(work: () => Promise<boolean>): Promise<boolean> {
    const changed = await this.#run(work);
    if (changed && ++this.#writes % this.#sweepEvery === 0) await this.sweep().catch((error: unknown) => this.#onError(error));
    return changed;
  }
}
