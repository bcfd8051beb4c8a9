/**
 * A target that is not a bench worker: an example started as its `pnpm start` does, or a server
 * on Bun or Deno. It speaks no IPC; it says it is ready on stdout, and its CPU time and memory
 * are read from /proc for its whole process tree (see proc.ts). It runs in a process group of its
 * own, so stopping it stops whatever it started (a launcher's runtime), and it never outlives the
 * bench. Its CPU time is that of the whole tree (a launcher idles); its memory is the server's.
 */
import { spawn, type ChildProcess } from "node:child_process";
import type { InProcessRound, Stats } from "../protocol.js";
import type { TargetProcess } from "../target-process.js";
import { cpuUsOf, peakRssOf, processTree, rssOf } from "./proc.js";

export interface ExternalOptions {
  readonly name: string;
  readonly command: string;
  readonly args: readonly string[];
  readonly cwd?: string | undefined;
  /** The whole environment: nothing is inherited unless passed here. */
  readonly env: NodeJS.ProcessEnv;
  /** A `taskset -c` CPU list; the process and all it starts stay there. */
  readonly cpus?: string | undefined;
  /** Finds the port in what the process printed so far; undefined until it is ready. */
  readonly ready: (stdout: string) => number | undefined;
  readonly timeoutMs?: number | undefined;
}

const running = new Set<ChildProcess>();
process.once("exit", () => {
  for (const child of running) killGroup(child, "SIGKILL");
});

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // The group is gone already.
  }
}

export class ExternalProcess implements TargetProcess {
  readonly checked = undefined;
  #tree: number[] = [];

  private constructor(
    readonly name: string,
    readonly port: number,
    private readonly child: ChildProcess,
    private readonly exited: Promise<void>,
    private readonly output: () => string,
  ) {}

  /** Starts the command and resolves once `ready` finds its port; rejects with its output if it exits or stays silent. */
  static async start(options: ExternalOptions): Promise<ExternalProcess> {
    const [command, args] =
      options.cpus === undefined ? [options.command, options.args] : ["taskset", ["-c", options.cpus, options.command, ...options.args]];
    const child = spawn(command, args, { cwd: options.cwd, env: options.env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
    running.add(child);
    // All of stdout until the target is ready (its listening line), then its tail: an example logs a
    // line per request, which the bench must read (a full pipe would block the target's writes)
    // but not keep.
    let stdout = "";
    let stderr = "";
    let listening = false;
    child.stdout!.setEncoding("utf8").on("data", (text: string) => (stdout = listening ? (stdout + text).slice(-4000) : stdout + text));
    child.stderr!.setEncoding("utf8").on("data", (text: string) => (stderr = (stderr + text).slice(-4000)));
    const exited = new Promise<void>((resolve) => child.once("close", () => resolve())).finally(() => running.delete(child));
    const output = () => `${stdout.slice(-2000)}${stderr === "" ? "" : `\n--- stderr ---\n${stderr}`}`;
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => {
        killGroup(child, "SIGKILL");
        reject(new Error(`${options.name}: not ready within ${options.timeoutMs ?? 60_000} ms: ${output()}`));
      }, options.timeoutMs ?? 60_000);
      const look = () => {
        const found = options.ready(stdout);
        if (found === undefined) return;
        clearTimeout(timer);
        listening = true;
        child.stdout!.off("data", look);
        resolve(found);
      };
      child.stdout!.on("data", look);
      child.once("error", (error) => reject(new Error(`${options.name}: cannot start ${command}: ${error.message}`)));
      void exited.then(() => {
        clearTimeout(timer);
        reject(new Error(`${options.name} exited (${child.exitCode ?? child.signalCode}) before it was ready: ${output()}`));
      });
    });
    const target = new ExternalProcess(options.name, port, child, exited, output);
    target.#tree = processTree(child.pid!);
    return target;
  }

  /** The pid of the process started (a launcher, or the server itself). */
  get pid(): number {
    return this.child.pid!;
  }

  async stats(): Promise<Stats> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) throw new Error(`${this.name} has exited: ${this.output()}`);
    return { cpuUs: cpuUsOf(this.#tree), maxRssBytes: peakRssOf([this.#server]) };
  }

  /** The server's current RSS, bytes. */
  rss(): number | undefined {
    return rssOf(this.#server);
  }

  /** The server: the process the others started last (a launcher's runtime), or the one started. */
  get #server(): number {
    return this.#tree[this.#tree.length - 1]!;
  }

  runRound(): Promise<InProcessRound> {
    return Promise.reject(new Error(`${this.name} is not an in-process target`));
  }

  /** SIGTERM to the group, SIGKILL if it is still there after 5 s. */
  async stop(): Promise<void> {
    killGroup(this.child, "SIGTERM");
    const timer = setTimeout(() => killGroup(this.child, "SIGKILL"), 5000);
    await this.exited;
    clearTimeout(timer);
    killGroup(this.child, "SIGKILL");
  }
}
