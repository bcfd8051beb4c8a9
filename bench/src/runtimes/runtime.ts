/**
 * The runtimes a group runs its targets on: Node (the machine's, or another major installed on
 * demand, see node-binary.ts), Bun and Deno (from npm, through `@tessera/conformance`). Every
 * group names its runtime in its id (`http-rs256-1core-node24`, `verify-http-es256-1core-bun`)
 * and its title, and every ratio is taken inside one group, so on one runtime.
 */
import { runtimeBinary, runtimeVersion } from "@tessera/conformance";
import { nodeBinary, nodeVersion } from "./node-binary.js";

export type Runtime = { readonly kind: "node"; readonly major: number } | { readonly kind: "bun" } | { readonly kind: "deno" };
export type RuntimeKind = Runtime["kind"];

/** The Node majors of a run: `BENCH_NODES` (comma-separated majors), by default 24 and 20. */
export function nodeMajors(value = process.env.BENCH_NODES): number[] {
  if (value === undefined || value.trim() === "") return [24, 20];
  const majors = value.split(",").map((part) => Number(part.trim()));
  if (majors.some((major) => !Number.isSafeInteger(major) || major < 18)) {
    throw new TypeError(`BENCH_NODES: expected Node majors separated by commas, such as 24,20; got ${JSON.stringify(value)}`);
  }
  return [...new Set(majors)];
}

/** `node24`, `bun`, `deno`: the runtime's part of a group id. */
export function runtimeId(runtime: Runtime): string {
  return runtime.kind === "node" ? `node${runtime.major}` : runtime.kind;
}

/** `Node 24`, `Bun`, `Deno`: the runtime's part of a group title. */
export function runtimeName(runtime: Runtime): string {
  switch (runtime.kind) {
    case "node":
      return `Node ${runtime.major}`;
    case "bun":
      return "Bun";
    case "deno":
      return "Deno";
  }
}

/** The executable of `runtime`; for a Node major other than this process's, installed on first use. */
export function runtimeExecutable(runtime: Runtime): string {
  return runtime.kind === "node" ? nodeBinary(runtime.major) : runtimeBinary(runtime.kind);
}

/** The exact version that runs, for the report: `v24.22.3`, `bun 1.4.5`, `deno 2.9.6`. */
export function runtimeVersionOf(runtime: Runtime): string {
  return runtime.kind === "node" ? nodeVersion(runtime.major) : `${runtime.kind} ${runtimeVersion(runtime.kind)}`;
}
