/**
 * `@tessera/cloudflare`: the stores of Tessera's storage contract on Cloudflare: clients,
 * revocations and their change feed on D1 ({@link D1Store}), counters and replay reservations in
 * a Durable Object ({@link DurableObjectCounterStore}, {@link CountersObject}).
 *
 * @packageDocumentation
 */
export { D1Store, type D1StoreOptions } from "./d1-store.js";
export { d1SchemaVersion, migrateD1, SchemaVersionError } from "./d1-migrations.js";
export { DurableObjectCounterStore } from "./counter-store.js";
export { CountersObject, type CountersRequest } from "./counters-object.js";
export type {
  D1DatabaseLike,
  D1PreparedStatementLike,
  DurableObjectNamespaceLike,
  DurableObjectStateLike,
  DurableObjectStorageLike,
  DurableObjectStubLike,
} from "./bindings.js";
