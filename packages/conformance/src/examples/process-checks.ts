/** Checks of how an example starts, refuses to start and stops, as a process. */
import { once } from "node:events";
import { connect, type Socket } from "node:net";
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
 * Sent `signal` while a client holds an idle keep-alive connection, it exits with code 0 in under
 * a second (the connection closed at once, not when its keep-alive timeout ends) and releases its
 * port.
 */
export async function checkStopsPromptly(example: RunningExample, signal: NodeJS.Signals): Promise<void> {
  const idle = await idleKeepAliveConnection(example.url);
  try {
    const started = performance.now();
    expect(await example.stop(signal)).toMatchObject({ code: 0, signal: null });
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(await accepts(example.url)).toBe(false);
  } finally {
    idle.destroy();
  }
}

/**
 * A client that sends half a request head and then nothing is cut within the bound of
 * `@tessera/node`'s server (`headersTimeout`, 10 s, checked every 2.5 s): a 408 answer or a
 * close, where `node:http`'s defaults held such a connection for about 90 s.
 */
export async function checkSlowHeadCut(example: RunningExample): Promise<void> {
  const { hostname, port } = new URL(example.url);
  const socket = connect(Number(port), hostname);
  await once(socket, "connect");
  const started = performance.now();
  socket.write(`GET /.well-known/oauth-authorization-server HTTP/1.1\r\nHost: ${hostname}:${port}\r\n`);
  let answer = "";
  socket.on("data", (chunk: Buffer) => (answer += String(chunk)));
  socket.on("error", () => {}); // a reset is a cut too
  await once(socket, "close");
  expect(performance.now() - started).toBeLessThan(14_000);
  expect(answer === "" || answer.startsWith("HTTP/1.1 408 ")).toBe(true);
}

/** A connection to `url` that has had one answer, asked to be kept alive, and now sits idle. */
async function idleKeepAliveConnection(url: string): Promise<Socket> {
  const { hostname, port } = new URL(url);
  const socket = connect(Number(port), hostname);
  await once(socket, "connect");
  socket.write(`GET /.well-known/oauth-authorization-server HTTP/1.1\r\nHost: ${hostname}:${port}\r\nConnection: keep-alive\r\n\r\n`);
  let head = "";
  while (!head.includes("\r\n\r\n")) head += String((await once(socket, "data"))[0]);
  expect(head).toMatch(/^HTTP\/1\.1 200 /);
  expect(head.toLowerCase()).not.toContain("connection: close");
  return socket;
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
