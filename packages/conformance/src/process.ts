import { spawn, type ChildProcess } from "node:child_process";

/** How a process ended, with everything it printed. */
export interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** A process started by {@link launch}. */
export interface Launched {
  readonly child: ChildProcess;
  /** Settles when it has exited and its output has ended. */
  readonly exited: Promise<Exit>;
  stdout(): string;
  stderr(): string;
  /** Sends `signal` to the process alone (it may pass it on, as `tessera-runtime` does). */
  signal(signal: NodeJS.Signals): void;
  /** Kills the process and everything it started, with SIGKILL. */
  kill(): void;
}

/** What {@link launch} and {@link run} start a command with. */
export interface LaunchOptions {
  readonly cwd?: string | URL;
  /** The whole environment: nothing is inherited unless passed here. */
  readonly env?: NodeJS.ProcessEnv;
}

const running = new Set<Launched>();

// Whatever ends the test process, leave nothing behind.
process.once("exit", () => {
  for (const launched of running) launched.kill();
});

/**
 * Starts a command in a process group of its own, so that {@link Launched.kill} reaches the
 * runtimes it starts too (a launcher's workerd, the runtime behind `tessera-runtime`). Standard
 * input is closed; output is collected.
 */
export function launch(command: string, args: readonly string[], { cwd, env = {} }: LaunchOptions = {}): Launched {
  const child = spawn(command, args, { cwd, env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout?.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  const launched: Launched = {
    child,
    // "close", not "exit": it comes once the output streams have ended, so nothing is missed.
    exited: new Promise<Exit>((resolve) => {
      child.once("error", (error) => {
        stderr += `cannot start ${command}: ${error.message}\n`;
        resolve({ code: null, signal: null, stdout, stderr });
      });
      child.once("close", (code, signal) => resolve({ code, signal, stdout, stderr }));
    }).finally(() => running.delete(launched)),
    stdout: () => stdout,
    stderr: () => stderr,
    signal(signal) {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    },
    kill() {
      if (child.pid === undefined) return;
      try {
        process.kill(-child.pid, "SIGKILL");
      } catch {
        // The group is gone already.
      }
    },
  };
  running.add(launched);
  return launched;
}

/**
 * Runs a command to its end and resolves with how it ended. Still running after `timeout` ms, it
 * is killed with everything it started, and the promise rejects with what it printed.
 */
export async function run(command: string, args: readonly string[], options: LaunchOptions & { readonly timeout: number }): Promise<Exit> {
  return settle(launch(command, args, options), options.timeout, `${command} ${args.join(" ")}`);
}

/**
 * Resolves with the exit of `launched`; kills it (and what it started) and rejects if it is still
 * running after `timeout` ms.
 */
export function settle(launched: Launched, timeout: number, what: string): Promise<Exit> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      launched.kill();
      reject(new Error(`${what} still running after ${timeout} ms; stdout: ${launched.stdout()}; stderr: ${launched.stderr()}`));
    }, timeout);
    void launched.exited.then((exit) => {
      clearTimeout(timer);
      // A process whose group is killed exits at once; make sure its children are gone too.
      launched.kill();
      resolve(exit);
    });
  });
}

/** Kills every process still running that {@link launch} started; for `afterAll`. */
export async function killAll(): Promise<void> {
  const all = [...running];
  for (const launched of all) launched.kill();
  await Promise.all(all.map((launched) => launched.exited));
}
