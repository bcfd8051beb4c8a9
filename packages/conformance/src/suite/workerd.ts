import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build, type BuildOptions } from "esbuild";
import { runtimeBinary, runtimeEnvironment, runtimeVersion, workerdCompatibilityDate } from "../binaries.js";
import { run, type Exit } from "../process.js";

/**
 * esbuild options for one ES module bundle as Wrangler builds a Worker: `platform: "neutral"`,
 * so a `node:` import anywhere fails the build, and the `workerd`, `worker` and `browser` export
 * conditions, as Wrangler picks them. Held in memory (`write: false`).
 */
export const workerdBuildOptions = {
  bundle: true,
  write: false,
  format: "esm",
  platform: "neutral",
  target: "es2022",
  conditions: ["workerd", "worker", "browser"],
  mainFields: ["module", "main"],
  logLevel: "silent",
} as const satisfies BuildOptions;

/**
 * Bundles a Worker module into one ES module for workerd ({@link workerdBuildOptions}), with
 * `WORKERD_VERSION` defined as the installed workerd's version.
 */
export async function bundleForWorkerd(entry: string): Promise<string> {
  const result = await build({
    ...workerdBuildOptions,
    entryPoints: [entry],
    define: { WORKERD_VERSION: JSON.stringify(runtimeVersion("workerd")) },
  });
  const [output] = result.outputFiles;
  if (output === undefined) throw new Error(`esbuild produced nothing for ${entry}`);
  return output.text;
}

/**
 * Runs `workerd test` on one Worker module, whose `test` handler workerd calls: the module and a
 * configuration with the newest compatibility date and no compatibility flags (no
 * `nodejs_compat`) are written to a temporary directory, removed afterwards.
 */
export async function workerdTest(module: string, { timeout }: { readonly timeout: number }): Promise<Exit> {
  const directory = await mkdtemp(join(tmpdir(), "tessera-workerd-"));
  try {
    await writeFile(join(directory, "worker.js"), module);
    await writeFile(
      join(directory, "config.capnp"),
      `using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [(name = "conformance", worker = .worker)],
);

const worker :Workerd.Worker = (
  modules = [(name = "worker.js", esModule = embed "worker.js")],
  compatibilityDate = "${workerdCompatibilityDate()}",
);
`,
    );
    return await run(runtimeBinary("workerd"), ["test", join(directory, "config.capnp")], {
      cwd: directory,
      env: runtimeEnvironment({ PATH: process.env.PATH }),
      timeout,
    });
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}
