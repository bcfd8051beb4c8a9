/**
 * The examples as targets, started as their `pnpm start` starts them: the command of their start
 * script after the build (`exampleCommand` of `@tessera/conformance/examples`: `node dist/main.js`,
 * `tessera-runtime bun src/main.ts`, `tessera-runtime deno run … src/main.ts`), in their directory,
 * with the examples' environment (servers/example-environment.ts) and nothing else of the bench's,
 * `PORT=0` and `HOST=127.0.0.1`, ready once they print their listening line. On a Node other than
 * this process's, `node` is that Node. They serve `/token` and the protected `/whoami`, whose
 * resource server checks revocations in the example's revocation store (in memory, or a local copy of PostgreSQL's).
 *
 * They are not bench workers: their CPU time and memory are read from /proc (runtimes/external.ts),
 * for the launcher and the runtime it starts together.
 */
import { runtimeEnvironment } from "@tessera/conformance";
import { exampleCommand, listeningLine } from "@tessera/conformance/examples";
import { nodeFlags } from "../child.js";
import type { Alg, BenchKeys } from "../fixture.js";
import { ExternalProcess } from "../runtimes/external.js";
import { runtimeExecutable, type Runtime } from "../runtimes/runtime.js";
import type { ExampleTarget } from "../target-names.js";
import { exampleEnvironment, type ExampleStore } from "./example-environment.js";


/** The runtime kind each example runs on. */
export const exampleRuntime: Readonly<Record<ExampleTarget, Runtime["kind"]>> = {
  "example-node": "node",
  "example-hono": "node",
  "example-bun": "bun",
  "example-deno": "deno",
};

const directories: Readonly<Record<ExampleTarget, string>> = {
  "example-node": "node",
  "example-hono": "hono",
  "example-bun": "bun",
  "example-deno": "deno",
};

export interface ExampleStart {
  readonly keys: BenchKeys;
  readonly cpus?: string | undefined;
  readonly store?: ExampleStore | undefined;
}

export async function startExampleTarget(target: ExampleTarget, runtime: Runtime, alg: Alg, options: ExampleStart): Promise<ExternalProcess> {
  return launchExample(target, runtime, exampleEnvironment(options.keys[alg], options.store), options.cpus);
}

/**
 * Starts an example with `variables` (its `OAUTH_*` settings) besides `PORT=0` and
 * `HOST=127.0.0.1`, `PATH` and `HOME`, as the examples' tests launch them: nothing else of this
 * process's environment goes in, so a developer's own `OAUTH_*` variables cannot leak in.
 */
export async function launchExample(
  target: ExampleTarget,
  runtime: Runtime,
  variables: Readonly<Record<string, string>>,
  cpus?: string | undefined,
): Promise<ExternalProcess> {
  if (exampleRuntime[target] !== runtime.kind) throw new Error(`${target} runs on ${exampleRuntime[target]}, not ${runtime.kind}`);
  const example = exampleCommand(new URL(`../../../examples/${directories[target]}/`, import.meta.url));
  // `node` of the start script is this process's Node; a group on another Node runs it there.
  const command = example.command === process.execPath && runtime.kind === "node" ? runtimeExecutable(runtime) : example.command;
  const env = runtimeEnvironment({
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    PORT: "0",
    HOST: "127.0.0.1",
    ...(runtime.kind === "node" && nodeFlags().length > 0 ? { NODE_OPTIONS: nodeFlags().join(" ") } : {}),
    ...variables,
  });
  return ExternalProcess.start({
    name: `${target} on ${runtime.kind === "node" ? `Node ${runtime.major}` : runtime.kind}`,
    command,
    args: example.args,
    cwd: example.cwd,
    env,
    cpus,
    ready: (stdout) => {
      const url = listeningLine.exec(stdout)?.[1];
      return url === undefined ? undefined : Number(new URL(url).port);
    },
  });
}
