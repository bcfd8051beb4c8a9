import { fileURLToPath } from "node:url";
import { runtimeBinary, runtimeEnvironment } from "../binaries.js";
import { run, type Exit } from "../process.js";
import { bundleForWorkerd, workerdTest } from "./workerd.js";

/** The runtimes the conformance suite runs on. */
export type ConformanceRuntime = "node" | "deno" | "bun" | "workerd";

/** Every {@link ConformanceRuntime}. */
export const conformanceRuntimes: readonly ConformanceRuntime[] = Object.freeze(["node", "deno", "bun", "workerd"]);

/** The package's root, from `src/conformance` (tests) and `dist/conformance` alike. */
const packageRoot = new URL("../../", import.meta.url);

/** A runner as `tsc -b` built it. */
const runner = (runtime: ConformanceRuntime) => fileURLToPath(new URL(`dist/suite/run-${runtime}.js`, packageRoot));

/**
 * Runs the conformance suite on `runtime` through its runner, in a process of its own with a
 * minimal environment, and resolves with how it ended; its stdout is the report
 * (`parseReport`). Needs the package built (`tsc -b`). Rejects if it runs past `timeout` ms.
 */
export async function runConformanceOn(runtime: ConformanceRuntime, { timeout = 60_000 } = {}): Promise<Exit> {
  const options = { cwd: packageRoot, env: runtimeEnvironment({ PATH: process.env.PATH }), timeout };
  switch (runtime) {
    case "node":
      return run(process.execPath, [runner("node")], options);
    case "deno":
      // No permission flags: the core needs none.
      return run(runtimeBinary("deno"), ["run", runner("deno")], options);
    case "bun":
      return run(runtimeBinary("bun"), ["--no-install", runner("bun")], options);
    case "workerd":
      return workerdTest(await bundleForWorkerd(runner("workerd")), { timeout });
  }
}
