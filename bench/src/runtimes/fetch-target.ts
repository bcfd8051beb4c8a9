/** Starts a fetch-handler target (servers/fetch-handlers.ts) on Bun or Deno through runtimes/serve.ts. */
import { fileURLToPath } from "node:url";
import { runtimeEnvironment } from "@tessera/conformance";
import type { Alg, BenchKeys } from "../fixture.js";
import type { FetchTarget } from "../target-names.js";
import { ExternalProcess } from "./external.js";
import { runtimeExecutable, type Runtime } from "./runtime.js";

const serveScript = fileURLToPath(new URL("./serve.js", import.meta.url));
/** The bench package, whose node_modules both runtimes resolve `@tessera/core` and `jose` from. */
const benchDirectory = fileURLToPath(new URL("../../", import.meta.url));

export interface FetchStart {
  readonly keys: BenchKeys;
  readonly cpus?: string | undefined;
  /** The worker settings (`BENCH_TOKENS_FILE`, `BENCH_REVOCATION`). */
  readonly env: Readonly<Record<string, string>>;
}

export function startFetchTarget(target: FetchTarget, runtime: Runtime, alg: Alg, options: FetchStart): Promise<ExternalProcess> {
  if (runtime.kind === "node") throw new Error(`${target} runs on Bun or Deno`);
  const args =
    runtime.kind === "bun"
      ? [serveScript, target, alg]
      : ["run", "--allow-env", "--allow-net", "--allow-read", serveScript, target, alg];
  return ExternalProcess.start({
    name: `${target} ${alg} on ${runtime.kind}`,
    command: runtimeExecutable(runtime),
    args,
    cwd: benchDirectory,
    env: runtimeEnvironment({ PATH: process.env.PATH, HOME: process.env.HOME, ...options.env, BENCH_KEYS: JSON.stringify(options.keys) }),
    cpus: options.cpus,
    ready: (stdout) => {
      const port = /^BENCH-READY (\d+)$/m.exec(stdout)?.[1];
      return port === undefined ? undefined : Number(port);
    },
  });
}
