// The store conformance suite on workerd, through Miniflare (see cloudflare.test.ts): D1Store on
// the D1 binding and DurableObjectCounterStore on the CountersObject namespace, run inside the
// Worker, one check per request. Bundled without nodejs_compat.
import {
  CountersObject,
  D1Store,
  DurableObjectCounterStore,
  migrateD1,
  type D1DatabaseLike,
  type DurableObjectNamespaceLike,
} from "@tessera/cloudflare";
import type { StoreViews } from "./fixture.js";
import { runStoreCheck, storeChecks } from "./suite.js";

export { CountersObject };

interface Env {
  readonly DB: D1DatabaseLike;
  readonly COUNTERS: DurableObjectNamespaceLike;
}

/** Two views, as two Workers would make them: their own store objects on the same bindings. */
function views(env: Env): [StoreViews, StoreViews] {
  const view = (): StoreViews => {
    const d1 = new D1Store(env.DB, { sweepEvery: 25 });
    const counters = new DurableObjectCounterStore(env.COUNTERS);
    return { clients: d1, revocations: d1, changes: d1, counters, replay: counters };
  };
  return [view(), view()];
}

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const url = new URL(request.url);
    if (url.pathname === "/migrate") return Response.json(await migrateD1(env.DB));
    const check = storeChecks({ watch: false }).find(({ name }) => name === url.searchParams.get("check"));
    if (check === undefined) return new Response("no such check", { status: 404 });
    const now = async () => {
      const { results } = await env.DB.prepare("SELECT (julianday('now') - 2440587.5) * 86400.0 AS now").all<{ now: number }>();
      return Number(results[0]?.now);
    };
    const short = new D1Store(env.DB, { changeRetention: 1, sweepEvery: 1_000_000 });
    const shortRetention = {
      view: { clients: short, revocations: short, changes: short, counters: new DurableObjectCounterStore(env.COUNTERS), replay: new DurableObjectCounterStore(env.COUNTERS) },
      changeRetention: 1,
      async forget() {
        while ((await short.sweep()) > 0);
      },
    };
    return Response.json(await runStoreCheck(check, { views: views(env), now, shortRetention }, url.searchParams.get("run") ?? "run"));
  },
};
