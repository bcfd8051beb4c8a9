import { runtimeEnvironment } from "../binaries.js";
import { launch, settle, type Exit, type Launched } from "../process.js";
import type { ExampleCommand } from "./example-command.js";

/** The line every example prints once it is listening. */
export const listeningLine = /^Tessera token server listening on (http:\/\/\S+)$/m;

/** The environment of an example: its variables, an `undefined` one left unset. */
export type ExampleEnv = Readonly<Record<string, string | undefined>>;

/** Options of {@link startExample} and {@link runExample}. */
export interface ExampleOptions {
  /** Milliseconds to wait for the listening line, or for the exit. @defaultValue 30000 */
  readonly timeout?: number;
}

/** An example that announced it is listening. */
export interface RunningExample {
  /** The URL from its listening line. */
  readonly url: string;
  /** The port it listens on. */
  readonly port: number;
  /** What it has printed so far. */
  output(): { readonly stdout: string; readonly stderr: string };
  /**
   * Sends `signal` (SIGTERM by default) and resolves once it has exited; one still running after
   * `timeout` ms (10 s by default) is killed, with everything it started, and the promise rejects.
   */
  stop(signal?: NodeJS.Signals, timeout?: number): Promise<Exit>;
}

/**
 * Starts an example as its `pnpm start` does, with `env`, and resolves once it prints its
 * listening line on stdout. Rejects, with what it printed, if it exits first or stays silent for
 * `timeout` ms (it is killed then, with everything it started).
 */
export async function startExample(example: ExampleCommand, env: ExampleEnv, { timeout = 30_000 }: ExampleOptions = {}): Promise<RunningExample> {
  const launched = launchExample(example, env);
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      launched.kill();
      reject(new Error(`${commandLine(example)} printed no listening line within ${timeout} ms; stderr: ${launched.stderr()}`));
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
      reject(new Error(`${commandLine(example)} exited (${exit.code ?? exit.signal}) before listening; stderr: ${exit.stderr}`));
    });
  });
  return {
    url,
    port: Number(new URL(url).port),
    output: () => ({ stdout: launched.stdout(), stderr: launched.stderr() }),
    stop: (signal = "SIGTERM", stopTimeout = 10_000) => stop(launched, signal, stopTimeout, commandLine(example)),
  };
}

/**
 * Runs an example that should exit by itself (invalid configuration), and resolves with how it
 * ended. Still running after `timeout` ms, it is killed and the promise rejects.
 */
export function runExample(example: ExampleCommand, env: ExampleEnv, { timeout = 30_000 }: ExampleOptions = {}): Promise<Exit> {
  return settle(launchExample(example, env), timeout, commandLine(example));
}

/**
 * Launches an example with exactly `env`, plus `PATH` and `HOME` (where Deno and Bun keep their
 * caches) and the switches that keep the runtimes off the network. Nothing else is inherited, so
 * a developer's own `OAUTH_*` variables cannot leak in.
 */
function launchExample(example: ExampleCommand, env: ExampleEnv): Launched {
  const defined = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined));
  const environment = runtimeEnvironment({ PATH: process.env.PATH, HOME: process.env.HOME, ...defined });
  return launch(example.command, example.args, { cwd: example.cwd, env: environment });
}

function stop(launched: Launched, signal: NodeJS.Signals, timeout: number, what: string): Promise<Exit> {
  launched.signal(signal);
  return settle(launched, timeout, `${what}, sent ${signal},`);
}

function commandLine(example: ExampleCommand): string {
  return [example.command, ...example.args].join(" ");
}
