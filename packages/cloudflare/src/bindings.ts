// The parts of Cloudflare's runtime bindings that the stores use, as structural types: a Worker's
// real `D1Database`, `DurableObjectNamespace` and `DurableObjectState` fit them, and this package
// needs no type package of its own.

/** What the stores use of a D1 prepared statement. */
export interface D1PreparedStatementLike {
  bind(...values: unknown[]): D1PreparedStatementLike;
  all<T = Record<string, unknown>>(): Promise<{ results: T[] }>;
}

/** What the stores use of a D1 binding (`env.DB`). */
export interface D1DatabaseLike {
  prepare(query: string): D1PreparedStatementLike;
  /** Runs the statements in order, in one transaction. */
  batch(statements: D1PreparedStatementLike[]): Promise<unknown[]>;
}

/** What {@link DurableObjectCounterStore} uses of a Durable Object stub: `fetch(url, init)`. */
export interface DurableObjectStubLike {
  fetch(
    url: string,
    init: { method: string; body: string; headers: Record<string, string> },
  ): Promise<{ readonly ok: boolean; readonly status: number; json(): Promise<unknown> }>;
}

/** What {@link DurableObjectCounterStore} uses of a Durable Object namespace binding. */
export interface DurableObjectNamespaceLike<Id = unknown> {
  idFromName(name: string): Id;
  get(id: Id): DurableObjectStubLike;
}

/** What {@link CountersObject} uses of its Durable Object storage. */
export interface DurableObjectStorageLike {
  get<T = unknown>(key: string): Promise<T | undefined>;
  put<T>(key: string, value: T): Promise<void>;
  deleteAll(): Promise<void>;
  setAlarm(scheduledTime: number): Promise<void>;
}

/** What {@link CountersObject} uses of its Durable Object state. */
export interface DurableObjectStateLike {
  readonly storage: DurableObjectStorageLike;
  blockConcurrencyWhile<T>(callback: () => Promise<T>): Promise<T>;
}
