/**
 * A bench worker (`worker.js`) in a child process on the group's Node, pinned to CPUs with
 * `taskset` when asked, spoken to over IPC.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { Alg, BenchKeys } from "./fixture.js";
import type { Command, InProcessRound, Reply, Stats } from "./protocol.js";
import type { TargetProcess } from "./target-process.js";
import type { TargetName } from "./targets.js";

const workerScript = fileURLToPath(new URL("./worker.js", import.meta.url));

/**
 * `BENCH_NODE_FLAGS`: flags for every Node target (workers, and the Node examples through
 * `NODE_OPTIONS`), such as `--cpu-prof --cpu-prof-dir=/tmp/profiles` to profile what a group
 * measures (PROFILE.md). Split on spaces.
 */
export function nodeFlags(): string[] {
  return (process.env.BENCH_NODE_FLAGS ?? "").split(" ").filter((flag) => flag !== "");
}
const startTimeoutMs = 60_000;

export interface StartOptions {
  readonly keys: BenchKeys;
  /** A `taskset -c` CPU list, such as `"0"`; the process and all its threads stay there. */
  readonly cpus?: string | undefined;
  /** Runs the child with `--expose-gc`, so a memory sample can collect the garbage first. */
  readonly exposeGc?: boolean | undefined;
  /** The `node` executable to run it with. @defaultValue this process's own */
  readonly node?: string | undefined;
  /** Variables added to this process's environment (the worker's settings: see worker.ts). */
  readonly env?: Readonly<Record<string, string>> | undefined;
}

export class Child implements TargetProcess {
  readonly #process: ChildProcess;
  readonly #stderr: string[] = [];
  #pending: ((reply: Reply | Error) => void) | undefined;
  #exited = false;
  #ready: Extract<Reply, { type: "ready" }> | undefined;

  private constructor(process: ChildProcess, readonly name: string) {
    this.#process = process;
    process.stderr?.setEncoding("utf8").on("data", (text: string) => {
      this.#stderr.push(text);
      if (this.#stderr.length > 50) this.#stderr.shift();
    });
    process.on("message", (reply: Reply) => {
      const pending = this.#pending;
      this.#pending = undefined;
      pending?.(reply);
    });
    process.on("exit", (code, signal) => {
      this.#exited = true;
      const pending = this.#pending;
      this.#pending = undefined;
      pending?.(new Error(`${name} exited (${signal ?? code}) ${this.stderr()}`));
    });
    process.on("error", (error) => {
      const pending = this.#pending;
      this.#pending = undefined;
      pending?.(error);
    });
  }

  /** Starts `worker.js target alg` and waits until it is listening or has passed its check. */
  static async start(target: TargetName, alg: Alg, options: StartOptions): Promise<{ child: Child; ready: Extract<Reply, { type: "ready" }> }> {
    const env = { ...process.env, ...options.env, BENCH_KEYS: JSON.stringify(options.keys) };
    const flags = [...nodeFlags(), ...(options.exposeGc === true ? ["--expose-gc"] : [])];
    const node = [options.node ?? process.execPath, ...flags, workerScript, target, alg];
    const stdio: ["ignore", "ignore", "pipe", "ipc"] = ["ignore", "ignore", "pipe", "ipc"];
    const spawned =
      options.cpus === undefined
        ? spawn(node[0]!, node.slice(1), { stdio, env })
        : spawn("taskset", ["-c", options.cpus, ...node], { stdio, env });
    const child = new Child(spawned, `${target} ${alg}`);
    const ready = await child.#wait(startTimeoutMs);
    if (ready.type !== "ready") {
      child.stop();
      throw new Error(`${child.name}: ${ready.type === "error" ? ready.message : "unexpected reply"} ${child.stderr()}`);
    }
    child.#ready = ready;
    return { child, ready };
  }

  get port(): number | undefined {
    return this.#ready?.port;
  }

  get checked(): string | undefined {
    return this.#ready?.checked;
  }

  async stats(): Promise<Stats> {
    const reply = await this.request({ type: "stats" }, 10_000);
    if (reply.type !== "stats") throw new Error(`${this.name}: expected stats`);
    return reply;
  }

  async runRound(seconds: number, concurrency: number): Promise<InProcessRound> {
    const reply = await this.request({ type: "run", seconds, concurrency }, seconds * 1000 + 60_000);
    if (reply.type !== "round") throw new Error(`${this.name}: expected a round`);
    return reply;
  }

  /** Sends a command and waits for its reply, at most `timeoutMs`. */
  async request(command: Command, timeoutMs: number): Promise<Reply> {
    if (this.#exited) throw new Error(`${this.name} has exited ${this.stderr()}`);
    const reply = this.#wait(timeoutMs);
    this.#process.send(command);
    const answer = await reply;
    if (answer.type === "error") throw new Error(`${this.name}: ${answer.message}`);
    return answer;
  }

  #wait(timeoutMs: number): Promise<Reply> {
    if (this.#pending !== undefined) throw new Error(`${this.name}: one command at a time`);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending = undefined;
        reject(new Error(`${this.name}: no answer within ${timeoutMs} ms`));
      }, timeoutMs);
      this.#pending = (reply) => {
        clearTimeout(timer);
        if (reply instanceof Error) reject(reply);
        else resolve(reply);
      };
    });
  }

  /** The end of what the child wrote to stderr, for error messages. */
  stderr(): string {
    const text = this.#stderr.join("").trim();
    return text === "" ? "" : `\n--- stderr of ${this.name} ---\n${text.slice(-2000)}`;
  }

  /**
   * Ends the child: it exits by itself when the parent's IPC channel closes (so that a profile
   * asked for with `BENCH_NODE_FLAGS=--cpu-prof` is written), and is killed if it has not within 3 s.
   */
  async stop(): Promise<void> {
    if (this.#exited) return;
    const exited = new Promise((resolve) => this.#process.once("exit", resolve));
    if (this.#process.connected) this.#process.disconnect();
    const timer = setTimeout(() => this.#process.kill(), 3000);
    await exited;
    clearTimeout(timer);
  }
}
