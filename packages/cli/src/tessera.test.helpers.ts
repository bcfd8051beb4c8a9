import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { inject } from "vitest";

declare module "vitest" {
  export interface ProvidedContext {
    /** Set by the root vitest.config.ts's global setup: POST here for a new database. */
    tesseraPostgres: string;
  }
}

/** The built `bin` of the package, as npm links it. */
export const bin = fileURLToPath(new URL("../bin/tessera.js", import.meta.url));

/** How a run of `tessera` ended. */
export interface Ran {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs `tessera args…` as a child process with exactly `env` (and `PATH`), writes `input` to its
 * standard input and closes it, and resolves once it has exited.
 */
export function tessera(args: readonly string[], options: { env?: Record<string, string>; input?: string } = {}): Promise<Ran> {
  const child = spawn(process.execPath, [bin, ...args], {
    env: { PATH: process.env.PATH ?? "", ...options.env },
    stdio: ["pipe", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  child.stdin.end(options.input ?? "");
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`tessera ${args.join(" ")} still running; stdout: ${stdout}; stderr: ${stderr}`));
    }, 45_000);
    child.once("error", reject);
    child.once("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** A URL to a new, empty database on the test run's one PostgreSQL server. */
export async function testDatabase(): Promise<string> {
  const response = await fetch(inject("tesseraPostgres"), { method: "POST" });
  if (!response.ok) throw new Error(`no test database: ${await response.text()}`);
  return ((await response.json()) as { url: string }).url;
}

/** Asserts that a failure was said in one line, `error: …`, with no stack trace. */
export function oneErrorLine(ran: Ran): string {
  const lines = ran.stderr.trimEnd().split("\n");
  if (lines.length !== 1 || !lines[0]?.startsWith("error: ")) throw new Error(`expected one error line, got: ${ran.stderr}`);
  return lines[0];
}
