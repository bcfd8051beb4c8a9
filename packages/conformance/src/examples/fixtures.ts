import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll } from "vitest";
import type { ExampleCommand } from "./example-command.js";
import { startExample, type ExampleEnv, type RunningExample } from "./example-process.js";

/**
 * Milliseconds a hook or a test that starts an example may take: longer than {@link startExample}
 * waits for one, so that its error, with what the example printed, is the one reported.
 */
export const exampleTimeout = 40_000;

/**
 * Registers, in the current `describe`, a `beforeAll` that creates a value and an `afterAll` that
 * disposes of it, and returns a getter for the tests. The getter throws while there is no value:
 * before the hook has run, or when it failed (whose error vitest reports). A fixture may use the
 * fixtures registered before it: vitest's `sequence.hooks: "stack"`, its default, runs
 * `beforeAll` hooks in order and `afterAll` hooks in reverse.
 */
export function fixture<T>(create: () => Promise<T>, dispose?: (value: T) => Promise<unknown>): () => T {
  let held: { readonly value: T } | undefined;
  beforeAll(async () => {
    held = { value: await create() };
  }, exampleTimeout);
  afterAll(async () => {
    if (held !== undefined && dispose !== undefined) await dispose(held.value);
  }, exampleTimeout);
  return () => {
    if (held === undefined) throw new Error("the fixture of this describe block was not created; see its beforeAll");
    return held.value;
  };
}

/**
 * Starts the example in `beforeAll`, with the environment that `env` gives then (it may use the
 * fixtures registered before it), and stops it in `afterAll`; returns a getter for it.
 */
export function startedExample(example: ExampleCommand, env: () => ExampleEnv | Promise<ExampleEnv>): () => RunningExample {
  return fixture(
    async () => startExample(example, await env()),
    (running) => running.stop(),
  );
}

/** A fresh temporary directory for the current `describe`, removed with all it holds afterwards. */
export function temporaryDirectory(): () => string {
  return fixture(
    () => mkdtemp(join(tmpdir(), "tessera-example-")),
    (directory) => rm(directory, { recursive: true, force: true }),
  );
}
