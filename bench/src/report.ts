/** The results of a run as `results/latest.json` holds them, and the tables printed from them. */
import type { Alg } from "./fixture.js";
import type { GroupSpec, Role, Unit } from "./groups.js";
import type { ExampleStore } from "./servers/example-environment.js";
import type { PropagationResult } from "./stores/propagation.js";
import type { TargetName } from "./targets.js";

export interface RoundResult {
  /** Successful operations (tokens issued, requests verified, calls) per second. */
  readonly perSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly operations: number;
  readonly failed: number;
  /** CPU time of the target (all its threads; an external target's whole process tree) per operation, microseconds. */
  readonly cpuUsPerOperation: number;
  /** CPU time of the load generator per request, microseconds (HTTP only). */
  readonly loadCpuUsPerRequest?: number | undefined;
  /**
   * The share of the machine's CPU used by neither the target nor the load generator during
   * the round (other processes, and the kernel's loopback network work), 0–1; Linux only.
   */
  readonly otherLoad?: number | undefined;
}

export interface RowResult {
  readonly target: TargetName;
  readonly label: string;
  readonly role: Role;
  readonly store?: ExampleStore | undefined;
  /** Median of the rounds. */
  readonly perSecond: number;
  readonly minPerSecond: number;
  readonly maxPerSecond: number;
  /** Medians of the rounds. */
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** Over all rounds: CPU time / operations. */
  readonly cpuUsPerOperation: number;
  readonly peakRssBytes: number;
  readonly loadCpuUsPerRequest?: number | undefined;
  /** The highest {@link RoundResult.otherLoad} of the rounds. */
  readonly otherLoad?: number | undefined;
  readonly failed: number;
  /** perSecond ÷ the group's floor. */
  readonly ratioToFloor: number;
  /** perSecond ÷ each peer's, by peer target name. */
  readonly ratioToPeers: Readonly<Record<string, number>>;
  readonly rounds: readonly RoundResult[];
}

export interface GroupResult {
  readonly id: string;
  readonly title: string;
  readonly kind: GroupSpec["kind"];
  readonly unit: Unit;
  readonly alg: Alg;
  readonly cores: 1 | 2;
  /** `node24`, `bun`, `deno`. */
  readonly runtime: string;
  /** The exact version: `v24.22.3`, `bun 1.4.5`. */
  readonly runtimeVersion: string;
  readonly revocation: boolean;
  readonly rows: readonly RowResult[];
}

export interface TargetVerdict {
  readonly goal: string;
  readonly measured: string;
  readonly met: boolean;
}

export interface MemoryResult {
  readonly date: string;
  /** What ran: `respondToTokenRequest (lean)`, `respondToTokenRequest (examples' configuration)`. */
  readonly label: string;
  readonly target: TargetName;
  readonly runtimeVersion: string;
  readonly alg: Alg;
  readonly concurrency: number;
  readonly samples: readonly { readonly requests: number; readonly rssBytes: number; readonly heapUsedBytes: number }[];
  /** RSS after the last sample ÷ RSS after the first. */
  readonly growth: number;
}

/** One line of the sizing table: what one core does for a Tessera target, from a one-core group. */
export interface SizingRow {
  readonly runtime: string;
  readonly runtimeVersion: string;
  readonly alg: Alg;
  readonly unit: Unit;
  readonly label: string;
  readonly group: string;
  /** The median rate with the server pinned to one core (and the load generator on the other). */
  readonly perCore: number;
  /** 1 s ÷ the CPU time per operation: the rate if one core's every cycle went to it. */
  readonly perCpuSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
}

export interface Report {
  readonly date: string;
  /** The Node of the bench parent (the load generator's, for autocannon); each group names its own runtime. */
  readonly node: string;
  readonly platform: string;
  readonly cpu: { readonly model: string; readonly count: number };
  readonly loadGenerator: string;
  readonly config: {
    readonly connections: number;
    readonly concurrency: number;
    readonly warmupSeconds: number;
    readonly roundSeconds: number;
    readonly rounds: number;
    readonly tokenPool: number;
    readonly request: string;
  };
  readonly groups: readonly GroupResult[];
  readonly targets: readonly TargetVerdict[];
  readonly sizing: readonly SizingRow[];
  readonly memory?: readonly MemoryResult[] | undefined;
  /** The revocation-propagation group, when it ran (stores/propagation.ts). */
  readonly propagation?: PropagationResult | undefined;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export const times = (value: number) => `${value.toFixed(2)}×`;

export function mib(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(0);
}

/** How a peer is named in a column header or beside a bar. */
export const shortNames: Readonly<Partial<Record<TargetName, string>>> = {
  "minimal-fetch": "minimal fetch",
  "oidc-provider": "oidc-provider",
  jmondi: "@jmondi",
  "verify-hono-jwk": "hono/jwk",
  "verify-express-oauth2": "express-oauth2-jwt-bearer",
  "verify-passport": "passport-jwt",
};

const singular: Readonly<Record<Unit, string>> = { tokens: "token", verifications: "verification", operations: "op" };

export function table(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((cells) => cells[column]!.length)));
  return rows
    .map((cells, index) => {
      const line = cells
        .map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!)))
        .join("  ");
      return index === 0 ? `${line}\n${widths.map((width) => "-".repeat(width)).join("  ")}` : line;
    })
    .join("\n");
}

/** One table per group, as printed and as the README quotes it. */
export function formatGroup(group: GroupResult): string {
  const peers = [...new Set(group.rows.filter((row) => row.role === "peer").map((row) => row.target))];
  const header = [
    "target",
    `${group.unit}/s`,
    "rounds min–max",
    "p50 ms",
    "p99 ms",
    `CPU µs/${singular[group.unit]}`,
    "peak RSS MiB",
    "other load",
    "× floor",
    ...peers.map((target) => `× ${shortNames[target] ?? target}`),
  ];
  const lines = group.rows.map((measured) => [
    measured.label,
    measured.perSecond.toFixed(0),
    `${measured.minPerSecond.toFixed(0)}–${measured.maxPerSecond.toFixed(0)}`,
    measured.p50Ms.toFixed(2),
    measured.p99Ms.toFixed(2),
    measured.cpuUsPerOperation.toFixed(0),
    mib(measured.peakRssBytes),
    measured.otherLoad === undefined ? "" : `${(measured.otherLoad * 100).toFixed(0)}%`,
    measured.role === "floor" ? "floor" : times(measured.ratioToFloor),
    ...peers.map((target) =>
      measured.target === target || measured.ratioToPeers[target] === undefined ? "" : times(measured.ratioToPeers[target]),
    ),
  ]);
  const failures = group.rows.filter((measured) => measured.failed > 0);
  const load = group.rows.find((measured) => measured.loadCpuUsPerRequest !== undefined)?.loadCpuUsPerRequest;
  return [
    `${group.title} [${group.id}, ${group.runtimeVersion}]`,
    table([header, ...lines]),
    ...(load === undefined ? [] : [`load generator CPU: about ${load.toFixed(0)} µs per request`]),
    "other load: the most, over the rounds, of the machine's CPU used by neither the target nor the load generator",
    ...failures.map((measured) => `!! ${measured.label}: ${measured.failed} failed requests`),
  ].join("\n");
}

export function formatTargets(verdicts: readonly TargetVerdict[]): string {
  return verdicts.map((verdict) => `${verdict.met ? "[met]    " : "[NOT met]"} ${verdict.goal}: ${verdict.measured}`).join("\n");
}

/** The sizing table: per core, for each runtime, algorithm and Tessera target of a one-core group. */
export function formatSizing(rows: readonly SizingRow[]): string {
  if (rows.length === 0) return "(no one-core group ran: no sizing)";
  return table([
    ["runtime", "alg", "what", "per core (pinned)", "per CPU-second", "p50 / p99 ms", "group"],
    ...rows.map((row) => [
      row.runtimeVersion,
      row.alg,
      `${row.unit}: ${row.label}`,
      row.perCore.toFixed(0),
      row.perCpuSecond.toFixed(0),
      `${row.p50Ms.toFixed(1)} / ${row.p99Ms.toFixed(1)}`,
      row.group,
    ]),
  ]);
}
