import { migrate, PostgresStore, type PostgresDriver } from "@tessera/postgres";
import type { StoreViews } from "./fixture.js";
import type { OpenedStore } from "./vitest-runner.js";

/** A driver and how to close it: one connection pool, or one in-process database. */
export interface OpenedDriver {
  readonly db: PostgresDriver;
  close(): Promise<void>;
}

/**
 * The stores on PostgreSQL through `connect`'s drivers: `views` drivers (each its own pool) on
 * one migrated schema, the database's clock as the store's clock.
 */
export async function openPostgresStore(connect: () => Promise<OpenedDriver>, views: number): Promise<OpenedStore> {
  const drivers = await Promise.all(Array.from({ length: views }, connect));
  const [first] = drivers;
  if (first === undefined) throw new Error("no driver");
  await migrate(first.db, { schema: "tessera_conformance" });
  const stores = drivers.map(({ db }): StoreViews => {
    const store = new PostgresStore(db, { schema: "tessera_conformance", sweepEvery: 25 });
    return { clients: store, revocations: store, changes: store, counters: store, replay: store };
  });
  const short = new PostgresStore(first.db, { schema: "tessera_conformance", changeRetention: 1, lateCommitWindow: 0.5, sweepEvery: 1_000_000 });
  return {
    views: stores as [StoreViews, ...StoreViews[]],
    shortRetention: {
      view: { clients: short, revocations: short, changes: short, counters: short, replay: short },
      changeRetention: 1,
      async forget() {
        while ((await short.sweep()) > 0);
      },
    },
    async now() {
      const { rows } = await first.db.query("SELECT extract(epoch from clock_timestamp())::float8 AS now", []);
      return Number(rows[0]?.now);
    },
    close: async () => void (await Promise.all(drivers.map((driver) => driver.close()))),
  };
}
