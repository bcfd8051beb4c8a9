// The README's Worker, as written there, with the binding types of @cloudflare/workers-types
// (so that tsc proves a real D1Database and DurableObjectNamespace fit this package's types),
// called with Miniflare's bindings.
import type { D1Database, DurableObjectNamespace } from "@cloudflare/workers-types/experimental/index.ts";
import { expect, it } from "vitest";
import { CountersObject, D1Store, DurableObjectCounterStore, migrateD1 } from "./index.js";
import { startMiniflare } from "./miniflare.test.helpers.js";

export { CountersObject }; // the Durable Object class the binding names

let migrated: Promise<unknown> | undefined;

const worker = {
  async fetch(request: Request, env: { DB: D1Database; TESSERA_COUNTERS: DurableObjectNamespace }) {
    await (migrated ??= migrateD1(env.DB)); // once per isolate; or run it from a deploy step
    const store = new D1Store(env.DB);
    const counters = new DurableObjectCounterStore(env.TESSERA_COUNTERS);
    // … clients: store, revocations: store, changes: store, counters, replay: counters
    void request;
    await store.putClient({ clientId: "billing", grantTypes: ["client_credentials"], scopes: [] });
    return new Response(JSON.stringify({ client: await store.getClient("billing"), hit: await counters.hit("billing", 60) }));
  },
};

it("runs the README's Worker on Miniflare's bindings", async () => {
  const miniflare = await startMiniflare();
  try {
    const env = {
      DB: (await miniflare.getD1Database("DB")) as unknown as D1Database,
      TESSERA_COUNTERS: (await miniflare.getDurableObjectNamespace("COUNTERS")) as unknown as DurableObjectNamespace,
    };
    const response = await worker.fetch(new Request("https://auth.example.com/"), env);
    expect(await response.json()).toMatchObject({ client: { clientId: "billing", disabled: false }, hit: { count: 1 } });
  } finally {
    await miniflare.dispose();
  }
});
