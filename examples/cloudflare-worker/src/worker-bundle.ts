import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";

const packageDirectory = new URL("../", import.meta.url);

/** The Worker as `wrangler.json` describes it: its entry point, compatibility date and bindings. */
export interface WorkerDefinition {
  /** The entry point, relative to the example's directory. */
  readonly main: string;
  readonly compatibility_date: string;
  readonly d1_databases?: readonly { readonly binding: string }[];
  readonly durable_objects?: { readonly bindings: readonly { readonly name: string; readonly class_name: string }[] };
}

/**
 * The Miniflare options for the D1 databases and Durable Objects that `definition` declares: each
 * D1 database local and empty at start, each Durable Object class taken from the Worker's script.
 */
export function storageBindings(definition: WorkerDefinition): { d1Databases: string[]; durableObjects: Record<string, string> } {
  return {
    d1Databases: (definition.d1_databases ?? []).map(({ binding }) => binding),
    durableObjects: Object.fromEntries((definition.durable_objects?.bindings ?? []).map(({ name, class_name }) => [name, class_name])),
  };
}

/** Reads the Worker's definition from `wrangler.json`, the file `wrangler deploy` reads. */
export async function readWorkerDefinition(): Promise<WorkerDefinition> {
  return JSON.parse(await readFile(new URL("wrangler.json", packageDirectory), "utf8")) as WorkerDefinition;
}

/**
 * The Worker and everything it imports as one ES module, bundled by esbuild as Wrangler would:
 * the `workerd`, `worker` and `browser` export conditions, and a platform without Node
 * built-ins, so that a `node:` import anywhere fails the build.
 */
export async function bundleWorker({ main }: WorkerDefinition): Promise<string> {
  const { build } = await import("esbuild");
  const result = await build({
    entryPoints: [fileURLToPath(new URL(main, packageDirectory))],
    bundle: true,
    write: false,
    format: "esm",
    platform: "neutral",
    target: "es2022",
    conditions: ["workerd", "worker", "browser"],
    mainFields: ["module", "main"],
    logLevel: "silent",
  });
  const [output] = result.outputFiles;
  if (output === undefined) throw new Error(`esbuild produced nothing for ${main}`);
  return output.text;
}
