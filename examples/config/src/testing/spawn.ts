import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { Env } from "../env.js";

/** How an example process ended, with everything it printed. */
export interface ExampleExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** An example that announced it is listening. */
export interface RunningExample {
  /** The URL from its `Tessera token server listening on …` line. */
  readonly url: string;
  /** The port it listens on. */
  readonly port: number;
  /** What it has printed so far. */
  output(): { readonly stdout: string; readonly stderr: string };
  /**
   * Sends `signal` (default `SIGTERM`) and resolves once the process has exited; a process still
   * running after `timeout` ms is killed and the promise rejects.
   */
  stop(signal?: NodeJS.Signals, timeout?: number): Promise<ExampleExit>;
}

/** Options of {@link startExample} and {@link runExample}. */
export interface SpawnOptions {
  /** Milliseconds to wait for the listening line (or for the exit). @defaultValue 8000, under vitest's 10 s hook timeout so this error is the one reported */
  readonly timeout?: number;
}

/** The line every example prints once it is listening. */
export const listeningLine = /^Tessera token server listening on (http:\/\/\S+)$/m;

const children = new Set<ChildProcess>();

/**
 * Starts an example the way a user does, `node dist/main.js`, with exactly `env` as its
 * environment (nothing is inherited, so a developer's own `OAUTH_*` variables cannot leak in), and
 * resolves once it prints its listening line. Rejects, with what it printed, if it exits first or
 * stays silent for `timeout` ms (it is killed then).
 */
export async function startExample(main: URL, env: Env, { timeout = 8_000 }: SpawnOptions = {}): Promise<RunningExample> {
  const example = launch(main, env);
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      example.child.kill("SIGKILL");
      reject(new Error(`${commandOf(main)} printed no listening line within ${timeout} ms; stderr: ${example.stderr()}`));
    }, timeout);
    const check = () => {
      const match = listeningLine.exec(example.stdout());
      if (match?.[1] === undefined) return;
      clearTimeout(timer);
      example.child.stdout?.off("data", check);
      resolve(match[1]);
    };
    example.child.stdout?.on("data", check);
    void example.exited.then((exit) => {
      clearTimeout(timer);
      reject(new Error(`${commandOf(main)} exited (${exit.code ?? exit.signal}) before listening; stderr: ${exit.stderr}`));
    });
  });
  return {
    url,
    port: Number(new URL(url).port),
    output: () => ({ stdout: example.stdout(), stderr: example.stderr() }),
    stop: (signal = "SIGTERM", stopTimeout = 5_000) => stop(example, signal, stopTimeout),
  };
}

/**
 * Runs an example that is expected to exit by itself (invalid configuration) and resolves with how
 * it ended. One still running after `timeout` ms is killed and the promise rejects.
 */
export async function runExample(main: URL, env: Env, { timeout = 8_000 }: SpawnOptions = {}): Promise<ExampleExit> {
  const example = launch(main, env);
  return withTimeout(example, timeout, `${commandOf(main)} did not exit within ${timeout} ms`);
}

/** Kills every example process still running; for `afterAll`. */
export async function stopAllExamples(): Promise<void> {
  await Promise.all(
    [...children].map(
      (child) =>
        new Promise<void>((resolve) => {
          child.once("close", () => resolve());
          child.kill("SIGKILL");
        }),
    ),
  );
}

interface Launched {
  readonly child: ChildProcess;
  readonly exited: Promise<ExampleExit>;
  stdout(): string;
  stderr(): string;
}

function launch(main: URL, env: Env): Launched {
  const definedEnv = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined));
  const child = spawn(process.execPath, [fileURLToPath(main)], { env: definedEnv, stdio: ["ignore", "pipe", "pipe"] });
  children.add(child);
  let stdout = "";
  let stderr = "";
  child.stdout?.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  // "close", not "exit": it comes after the output streams end, so nothing printed is missed.
  const exited = new Promise<ExampleExit>((resolve) => {
    child.once("close", (code, signal) => {
      children.delete(child);
      resolve({ code, signal, stdout, stderr });
    });
  });
  return { child, exited, stdout: () => stdout, stderr: () => stderr };
}

async function stop(example: Launched, signal: NodeJS.Signals, timeout: number): Promise<ExampleExit> {
  if (example.child.exitCode === null && example.child.signalCode === null) example.child.kill(signal);
  return withTimeout(example, timeout, `example did not exit within ${timeout} ms of ${signal}`);
}

function withTimeout(example: Launched, timeout: number, message: string): Promise<ExampleExit> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      example.child.kill("SIGKILL");
      reject(new Error(`${message}; stderr: ${example.stderr()}`));
    }, timeout);
    void example.exited.then((exit) => {
      clearTimeout(timer);
      resolve(exit);
    });
  });
}

function commandOf(main: URL): string {
  return `node ${fileURLToPath(main)}`;
}
