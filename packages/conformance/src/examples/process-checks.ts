/** Checks of how an example starts, refuses to start and stops, as a process. */
import { expect } from "vitest";
import { demoClient } from "./clients.js";
import type { ExampleCommand } from "./example-command.js";
import { runExample, startExample, type ExampleEnv, type RunningExample } from "./example-process.js";
import { accepts } from "./http.js";
import { expectNoSecret, lines, listeningOutput, logLines, until, withoutLog } from "./output.js";

/**
 * It listens on 127.0.0.1, printed its listening line and, besides its log (JSON lines), nothing
 * else, and none of `secrets`.
 */
export function checkQuietStart(example: RunningExample, secrets: readonly string[] = []): void {
  expect(example.url).toMatch(/^http:\/\/127\.0\.0\.1:[1-9][0-9]*$/);
  const output = example.output();
  expect({ stdout: withoutLog(output.stdout), stderr: output.stderr }).toEqual({ stdout: listeningOutput(example), stderr: "" });
  logLines(output.stdout);
  expectNoSecret(output, secrets);
}

/** Started with no configuration: one warning line each for the demo client and the generated key, without the secret. */
export async function checkDemoWarnings(example: RunningExample): Promise<void> {
  // A Worker logs its warnings through workerd, whose output may trail the listening line.
  await until(() => lines(example.output().stderr).length >= 2, 5_000, "no two lines of warnings").catch(() => {});
  const output = example.output();
  expect(withoutLog(output.stdout)).toBe(listeningOutput(example));
  expect(lines(output.stderr)).toEqual([
    'warning: OAUTH_CLIENTS is not set: serving only the demo client "demo-client", whose secret is published',
    "warning: OAUTH_PRIVATE_KEY is not set: signing with a key generated at start-up; its tokens will not verify after a restart",
  ]);
  expectNoSecret(output, [demoClient.client_secret]);
}

/** It prints the listening line, and one warning on stderr: about the generated signing key. */
export async function checkKeyWarningOnly(example: RunningExample): Promise<void> {
  // A Worker logs its warnings through workerd, whose output may trail the listening line.
  await until(() => lines(example.output().stderr).length >= 1, 5_000, "no warning").catch(() => {});
  const output = example.output();
  expect(withoutLog(output.stdout)).toBe(listeningOutput(example));
  expect(lines(output.stderr)).toEqual([
    "warning: OAUTH_PRIVATE_KEY is not set: signing with a key generated at start-up; its tokens will not verify after a restart",
  ]);
}

/** Sent `signal`, it exits with code 0 and releases its port. */
export async function checkStopsOn(example: RunningExample, signal: NodeJS.Signals): Promise<void> {
  expect(await example.stop(signal)).toMatchObject({ code: 0, signal: null });
  expect(await accepts(example.url)).toBe(false);
}

/**
 * Started with `env`, it exits with code 1 after printing `line` on stderr and nothing else, and
 * neither "s3cret" (which every secret of the suites holds) nor any of `secrets`.
 */
export async function checkRefused(example: ExampleCommand, env: ExampleEnv, line: string, secrets: readonly string[] = []): Promise<void> {
  const exit = await runExample(example, env);
  expect(exit).toEqual({ code: 1, signal: null, stdout: "", stderr: `${line}\n` });
  expectNoSecret(exit, ["s3cret", ...secrets]);
}

/** Started with `env` on the port of `running`, it refuses with one line naming the port. */
export function checkPortInUse(example: ExampleCommand, env: ExampleEnv, running: RunningExample): Promise<void> {
  const line = `error: PORT: port ${running.port} is already in use on 127.0.0.1`;
  return checkRefused(example, { ...env, PORT: String(running.port) }, line);
}

/** Started twice with `env` (whose PORT is 0), the second on the port of the first is refused. */
export async function checkSecondOnSamePort(example: ExampleCommand, env: ExampleEnv): Promise<void> {
  const first = await startExample(example, env);
  try {
    await checkPortInUse(example, env, first);
  } finally {
    await first.stop();
  }
}
