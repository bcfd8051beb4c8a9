import { spawn } from "node:child_process";
import { constants } from "node:os";
import { runtimeBinary, runtimeEnvironment, runtimes, type Runtime } from "./binaries.js";

const forwardedSignals = ["SIGINT", "SIGTERM", "SIGHUP"] as const;

/**
 * `tessera-runtime <deno|bun|workerd> [arguments…]`: runs that runtime's executable from npm
 * with the arguments, as if it were on the `PATH` (see {@link runtimeBinary}). Signals are passed
 * on, and the exit status is the runtime's. The examples' `pnpm start` scripts use it.
 */
export function main(argv: readonly string[]): void {
  const [name, ...args] = argv;
  if (!runtimes.includes(name as Runtime)) {
    console.error(`usage: tessera-runtime <${runtimes.join("|")}> [arguments…]`);
    process.exitCode = 2;
    return;
  }
  const child = spawn(runtimeBinary(name as Runtime), args, { stdio: "inherit", env: runtimeEnvironment(process.env) });
  // Passed on, so that stopping this process stops the runtime; the examples take a repeated
  // signal calmly, as happens when a terminal sends Ctrl-C to both.
  for (const signal of forwardedSignals) process.on(signal, () => child.kill(signal));
  child.once("error", (error) => {
    console.error(`tessera-runtime: cannot start ${name}: ${error.message}`);
    process.exitCode = 1;
  });
  child.once("exit", (code, signal) => {
    process.exitCode = code ?? 128 + (signal === null ? 0 : constants.signals[signal]);
  });
}
