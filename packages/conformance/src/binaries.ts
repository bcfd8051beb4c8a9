import { createRequire } from "node:module";
import { dirname, join } from "node:path";

/** The JavaScript runtimes this package brings from npm, besides Node itself. */
export type Runtime = "deno" | "bun" | "workerd";

/** Every {@link Runtime}. */
export const runtimes: readonly Runtime[] = Object.freeze(["deno", "bun", "workerd"]);

const require = createRequire(import.meta.url);

/**
 * The executable of `runtime`: the file in the platform package that its npm package lists as an
 * optional dependency (`@deno/linux-x64-glibc`, `@oven/bun-linux-x64`,
 * `@cloudflare/workerd-linux-64`, …), which npm and pnpm install for this machine only. The
 * packages' install scripts merely copy that file into place, so they need not run (see
 * `allowBuilds` in pnpm-workspace.yaml). Throws, naming the package, on a platform without one.
 */
export function runtimeBinary(runtime: Runtime): string {
  switch (runtime) {
    case "deno":
      return platformFile("deno", denoPackage(), process.platform === "win32" ? "deno.exe" : "deno");
    case "bun":
      return platformFile("bun", bunPackage(), process.platform === "win32" ? "bin/bun.exe" : "bin/bun");
    case "workerd":
      // workerd's own entry point resolves its platform package and exports the path.
      return (require("workerd") as { default: string }).default;
  }
}

/** The version of `runtime` installed, from its npm package. */
export function runtimeVersion(runtime: Runtime): string {
  return (require(`${runtime}/package.json`) as { version: string }).version;
}

/** The newest compatibility date the installed workerd supports, for a Worker's configuration. */
export function workerdCompatibilityDate(): string {
  return (require("workerd") as { compatibilityDate: string }).compatibilityDate;
}

/**
 * The environment a runtime is started with: `env`, plus the switches that keep each one from
 * reaching the network by itself (Deno's update check, Bun's crash reports and telemetry). A
 * value already in `env` wins.
 */
export function runtimeEnvironment(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return { DENO_NO_UPDATE_CHECK: "1", DENO_NO_PROMPT: "1", DO_NOT_TRACK: "1", ...env };
}

function platformFile(runtime: Runtime, platformPackage: string, file: string): string {
  // The platform package is a dependency of the runtime's package, so resolve it from there.
  const fromRuntime = createRequire(require.resolve(`${runtime}/package.json`));
  let directory: string;
  try {
    directory = dirname(fromRuntime.resolve(`${platformPackage}/package.json`));
  } catch {
    throw new Error(
      `no ${runtime} executable for ${process.platform}-${process.arch}: ${platformPackage} is not installed ` +
        `(reinstall without --no-optional, or this platform has no ${runtime} build on npm)`,
    );
  }
  return join(directory, file);
}

function denoPackage(): string {
  // Deno publishes glibc builds only for Linux.
  return process.platform === "linux" ? `@deno/linux-${process.arch}-glibc` : `@deno/${process.platform}-${process.arch}`;
}

function bunPackage(): string {
  const os = process.platform === "win32" ? "windows" : process.platform;
  const arch = process.arch === "arm64" ? "aarch64" : process.arch;
  return `@oven/bun-${os}-${arch}${process.platform === "linux" && isMusl() ? "-musl" : ""}`;
}

/** Whether this Linux runs on musl rather than glibc (Node's report names the glibc it found). */
function isMusl(): boolean {
  const report = process.report?.getReport() as { header?: { glibcVersionRuntime?: string } } | undefined;
  return report?.header !== undefined && report.header.glibcVersionRuntime === undefined;
}
