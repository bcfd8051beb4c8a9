/** The results of a run as `results/latest.json` holds them, the targets of issue 6, and the table. */
import type { Alg } from "./fixture.js";
import type { GroupSpec, Role } from "./groups.js";
import type { PropagationResult } from "./stores/propagation.js";
import type { TargetName } from "./targets.js";

export interface RoundResult {
  readonly tokensPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly tokens: number;
  readonly failed: number;
  /** CPU time of the target's process (all its threads) per token, microseconds. */
  readonly cpuUsPerToken: number;
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
  /** Median of the rounds. */
  readonly tokensPerSecond: number;
  readonly minTokensPerSecond: number;
  readonly maxTokensPerSecond: number;
  /** Medians of the rounds. */
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** Over all rounds: CPU time / tokens. */
  readonly cpuUsPerToken: number;
  readonly peakRssBytes: number;
  readonly loadCpuUsPerRequest?: number | undefined;
  /** The highest {@link RoundResult.otherLoad} of the rounds. */
  readonly otherLoad?: number | undefined;
  readonly failed: number;
  /** tokens/s ÷ the group's floor. */
  readonly ratioToFloor: number;
  /** tokens/s ÷ each peer's, by peer target name. */
  readonly ratioToPeers: Readonly<Record<string, number>>;
  readonly rounds: readonly RoundResult[];
}

export interface GroupResult {
  readonly id: string;
  readonly title: string;
  readonly kind: GroupSpec["kind"];
  readonly alg: Alg;
  readonly cores: 1 | 2;
  readonly rows: readonly RowResult[];
}

export interface TargetVerdict {
  readonly goal: string;
  readonly measured: string;
  readonly met: boolean;
}

export interface MemoryResult {
  readonly date: string;
  readonly alg: Alg;
  readonly concurrency: number;
  readonly samples: readonly { readonly requests: number; readonly rssBytes: number; readonly heapUsedBytes: number }[];
  /** RSS after the last sample ÷ RSS after the first. */
  readonly growth: number;
}

export interface Report {
  readonly date: string;
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
    readonly request: string;
  };
  readonly groups: readonly GroupResult[];
  readonly targets: readonly TargetVerdict[];
  readonly memory?: MemoryResult | undefined;
  /** The `revocation-propagation` group, when it ran. */
  readonly propagation?: PropagationResult | undefined;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

const row = (groups: readonly GroupResult[], id: string, target: TargetName) =>
  groups.find((group) => group.id === id)?.rows.find((candidate) => candidate.target === target);

const times = (value: number) => `${value.toFixed(2)}×`;

/** The targets of issue 6, judged on this run's numbers (those whose group ran). */
export function judge(groups: readonly GroupResult[], memory: MemoryResult | undefined, propagation?: PropagationResult): TargetVerdict[] {
  const verdicts: TargetVerdict[] = [];
  const ratio = (goal: string, id: string, target: TargetName, minimum: number, against?: TargetName) => {
    const measured = row(groups, id, target);
    if (measured === undefined) return;
    const value = against === undefined ? measured.ratioToFloor : measured.ratioToPeers[against];
    if (value === undefined) return;
    verdicts.push({ goal, measured: times(value), met: value >= minimum });
  };
  ratio("in-process RS256 ≥ 0.9× subtle.sign", "inprocess-rs256", "tessera", 0.9);
  ratio("in-process ES256 ≥ 0.8× subtle.sign", "inprocess-es256", "tessera", 0.8);
  ratio("in-process EdDSA ≥ 0.8× subtle.sign", "inprocess-eddsa", "tessera", 0.8);
  for (const [id, cores] of [["http-rs256-1core", "one core"], ["http-rs256-2cores", "two cores"]] as const) {
    ratio(`@tessera/node ≥ 0.9× minimal server, ${cores}`, id, "tessera-node", 0.9);
    ratio(`@tessera/node ≥ 2× oidc-provider, ${cores}`, id, "tessera-node", 2, "oidc-provider");
    ratio(`@tessera/hono ≥ 0.8× minimal server, ${cores}`, id, "tessera-hono", 0.8);
  }
  ratio("issuance with the stores in PostgreSQL ≥ 0.9× in memory (issue 13)", "stores-issuance", "tessera-node-postgres", 0.9);
  ratio("verification with a RevocationSet ≥ 0.9× without revocation checking (issue 13)", "revocation-check", "verify-revocation-set", 0.9);
  if (propagation !== undefined) {
    verdicts.push({
      goal: "revocation refused at the other instances within 1 s, p99 (issue 13)",
      measured: `p50 ${propagation.p50Ms.toFixed(1)} ms, p99 ${propagation.p99Ms.toFixed(1)} ms, max ${propagation.maxMs.toFixed(1)} ms over ${propagation.samples}`,
      met: propagation.p99Ms <= 1000,
    });
  }
  for (const group of groups) {
    if (group.kind !== "http") continue;
    for (const measured of group.rows) {
      if (measured.role !== "tessera") continue;
      const spread = measured.p99Ms / measured.p50Ms;
      verdicts.push({
        goal: `p99 ≤ 3× p50, ${measured.label}, ${group.alg} ${group.cores === 1 ? "one core" : "two cores"}`,
        measured: `${measured.p99Ms.toFixed(1)} / ${measured.p50Ms.toFixed(1)} ms = ${times(spread)}`,
        met: spread <= 3,
      });
    }
  }
  if (memory !== undefined && memory.samples.length >= 2) {
    const first = memory.samples[0]!;
    const last = memory.samples[memory.samples.length - 1]!;
    verdicts.push({
      goal: `RSS after ${last.requests.toLocaleString("en")} in-process requests within 10% of RSS after ${first.requests.toLocaleString("en")} (bench:memory, ${memory.date.slice(0, 10)})`,
      measured: `${mib(first.rssBytes)} → ${mib(last.rssBytes)} MiB = ${times(memory.growth)}`,
      met: memory.growth <= 1.1,
    });
  }
  return verdicts;
}

export function mib(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(0);
}

function table(rows: readonly (readonly string[])[]): string {
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

const peerColumns: readonly [TargetName, string][] = [
  ["minimal-fetch", "× minimal fetch"],
  ["oidc-provider", "× oidc-provider"],
  ["jmondi", "× @jmondi"],
];

/** One table per group, as printed and as the README quotes it. */
export function formatGroup(group: GroupResult): string {
  const peers = peerColumns.filter(([target]) => group.rows.some((candidate) => candidate.target === target));
  const header = [
    group.title,
    "tokens/s",
    "rounds min–max",
    "p50 ms",
    "p99 ms",
    "CPU µs/token",
    "peak RSS MiB",
    "other load",
    "× floor",
    ...peers.map(([, label]) => label),
  ];
  const lines = group.rows.map((measured) => [
    measured.label,
    measured.tokensPerSecond.toFixed(0),
    `${measured.minTokensPerSecond.toFixed(0)}–${measured.maxTokensPerSecond.toFixed(0)}`,
    measured.p50Ms.toFixed(2),
    measured.p99Ms.toFixed(2),
    measured.cpuUsPerToken.toFixed(0),
    mib(measured.peakRssBytes),
    measured.otherLoad === undefined ? "" : `${(measured.otherLoad * 100).toFixed(0)}%`,
    measured.role === "floor" ? "floor" : times(measured.ratioToFloor),
    ...peers.map(([target]) =>
      measured.target === target || measured.ratioToPeers[target] === undefined ? "" : times(measured.ratioToPeers[target]),
    ),
  ]);
  const failures = group.rows.filter((measured) => measured.failed > 0);
  const load = group.rows.find((measured) => measured.loadCpuUsPerRequest !== undefined)?.loadCpuUsPerRequest;
  return [
    table([header, ...lines]),
    ...(load === undefined ? [] : [`load generator CPU: about ${load.toFixed(0)} µs per request`]),
    "other load: the most, over the rounds, of the machine's CPU used by neither the target nor the load generator",
    ...failures.map((measured) => `!! ${measured.label}: ${measured.failed} failed requests`),
  ].join("\n");
}

export function formatTargets(verdicts: readonly TargetVerdict[]): string {
  return verdicts.map((verdict) => `${verdict.met ? "[met]    " : "[NOT met]"} ${verdict.goal}: ${verdict.measured}`).join("\n");
}
