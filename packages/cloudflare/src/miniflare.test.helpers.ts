import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { Miniflare } from "miniflare";

/**
 * A Miniflare (workerd) with a D1 database `DB` and the `CountersObject` Durable Object bound as
 * `COUNTERS` (SQLite-backed, as `new_sqlite_classes` makes it), from this package's source
 * bundled for workerd without Node built-ins.
 */
export async function startMiniflare(): Promise<Miniflare> {
  const bundle = await build({
    stdin: {
      contents: 'export { CountersObject } from "./counters-object.ts"; export default { fetch: () => new Response("") };',
      resolveDir: fileURLToPath(new URL(".", import.meta.url)),
      loader: "ts",
    },
    bundle: true,
    write: false,
    format: "esm",
    platform: "neutral",
    target: "es2022",
    logLevel: "silent",
  });
  return new Miniflare({
    modules: true,
    script: bundle.outputFiles[0]?.text ?? "",
    compatibilityDate: "2026-07-01",
    d1Databases: ["DB"],
    durableObjects: { COUNTERS: { className: "CountersObject", useSQLite: true } },
    cf: false,
    unsafeInspectDurableObjects: true, // lets the tests read an object's storage
  });
}
