import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { runtimeEnvironment } from "../binaries.js";
import { launch, settle, type Exit, type Launched } from "../process.js";

/** The line every example prints once it is listening. */
export const listeningLine = /^Tessera token server listening on (http:\/\/\S+)$/m;

/** The `tessera-runtime` executable of this package. */
const runtimeLauncher = fileURLToPath(new URL("../../bin/tessera-runtime.js", import.meta.url));

/** How an example starts: the command its `pnpm start` runs once the workspace is built. */
export interface ExampleCommand {
  readonly command: string;
  readonly args: readonly string[];
  /** The example's directory, where `pnpm start` runs it. */
  readonly cwd: string;
  /** The command as the start script writes it, after the build: `node dist/main.js`. */
  readonly script: string;
}

/** The environment of an example: its variables, an `undefined` one left unset. */
export type ExampleEnv = Readonly<Record<string, string | undefined>>;

/** Options of {@link startExample} and {@link runExample}. */
export interface ExampleOptions {
  /** Milliseconds to wait for the listening line, or for the exit. @defaultValue 30000 */
  readonly timeout?: number;
}

/**
 * The command of an example's `pnpm start` script, which reads `<command>` or, when the script
 * builds the workspace first, `tsc -b && <command>`: that command, with `node` and
 * `tessera-runtime` resolved as pnpm resolves them. Tests start examples exactly so, which keeps
 * the scripts honest. Read synchronously, so that a suite can have it while it declares its tests.
 */
export function exampleCommand(directory: URL): ExampleCommand {
  const manifest = JSON.parse(readFileSync(new URL("package.json", directory), "utf8")) as { scripts?: { start?: string } };
  const script = manifest.scripts?.start ?? "";
  const match = /^(?:tsc -b && )?((\S+)((?: [^\s"'`$|&;<>]+)*))$/.exec(script);
  if (match === null) throw new Error(`the start script of ${fileURLToPath(directory)} is not "[tsc -b && ]<command> <plain arguments>": ${script}`);
  const [, command = "", program, rest = ""] = match;
  const args = rest.split(" ").filter((arg) => arg !== "");
  const cwd = fileURLToPath(directory);
  switch (program) {
    case "node":
      return { command: process.execPath, args, cwd, script: command };
    case "tessera-runtime":
      return { command: process.execPath, args: [runtimeLauncher, ...args], cwd, script: command };
    default:
      throw new Error(`the start script of ${cwd} runs ${program}; expected node or tessera-runtime`);
  }
}

/** An example that announced it is listening. */
export interface RunningExample {
  /** The URL from its listening line. */
  readonly url: string;
  readonly port: number;
  /** What it has printed so far. */
  output(): { readonly stdout: string; readonly stderr: string };
  /** Sends `signal` (SIGTERM by default) and resolves once it has exited; kills it after `timeout` ms. */
  stop(signal?: NodeJS.Signals, timeout?: number): Promise<Exit>;
}

/**
 * The environment an example gets: exactly `env`, plus `PATH` and `HOME` (where Deno and Bun keep
 * their caches) and the switches that keep the runtimes off the network. Nothing else is
 * inherited, so a developer's own `OAUTH_*` variables cannot leak in.
 */
function exampleEnvironment(env: ExampleEnv): NodeJS.ProcessEnv {
  const defined = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined));
  return runtimeEnvironment({ PATH: process.env.PATH, HOME: process.env.HOME, ...defined });
}

/**
 * Starts an example as its `pnpm start` does, with `env`, and resolves once it prints its
 * listening line on stdout. Rejects, with what it printed, if it exits first or stays silent for
 * `timeout` ms (it is killed then, with everything it started).
 */
export async function startExample(
  example: ExampleCommand,
  env: ExampleEnv,
  { timeout = 30_000 }: ExampleOptions = {},
): Promise<RunningExample> {
  const launched = launch(example.command, example.args, { cwd: example.cwd, env: exampleEnvironment(env) });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      launched.kill();
      reject(new Error(`${describe(example)} printed no listening line within ${timeout} ms; stderr: ${launched.stderr()}`));
    }, timeout);
    const check = () => {
      const match = listeningLine.exec(launched.stdout());
      if (match?.[1] === undefined) return;
      clearTimeout(timer);
      launched.child.stdout?.off("data", check);
      resolve(match[1]);
    };
    launched.child.stdout?.on("data", check);
    void launched.exited.then((exit) => {
      clearTimeout(timer);
      reject(new Error(`${describe(example)} exited (${exit.code ?? exit.signal}) before listening; stderr: ${exit.stderr}`));
    });
  });
  return {
    url,
    port: Number(new URL(url).port),
    output: () => ({ stdout: launched.stdout(), stderr: launched.stderr() }),
    stop: (signal = "SIGTERM", stopTimeout = 10_000) => stop(launched, signal, stopTimeout, describe(example)),
  };
}

/**
 * Runs an example that should exit by itself (invalid configuration), and resolves with how it
 * ended. Still running after `timeout` ms, it is killed and the promise rejects.
 */
export function runExample(
  example: ExampleCommand,
  env: ExampleEnv,
  { timeout = 30_000 }: ExampleOptions = {},
): Promise<Exit> {
  const launched = launch(example.command, example.args, { cwd: example.cwd, env: exampleEnvironment(env) });
  return settle(launched, timeout, describe(example));
}

function stop(launched: Launched, signal: NodeJS.Signals, timeout: number, what: string): Promise<Exit> {
  launched.signal(signal);
  return settle(launched, timeout, `${what}, sent ${signal},`);
}

function describe(example: ExampleCommand): string {
  return [example.command, ...example.args].join(" ");
}
