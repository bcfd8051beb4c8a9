/**
 * The targets of issue 16, judged on a run's numbers (those whose group ran), and the sizing
 * table an operator sizes a fleet from.
 */
import type { GroupResult, MemoryResult, RowResult, SizingRow, TargetVerdict } from "./report.js";
import { mib, shortNames, times } from "./report.js";
import type { PropagationResult } from "./stores/propagation.js";
import type { TargetName } from "./targets.js";

const tessera = (group: GroupResult) => group.rows.filter((row) => row.role === "tessera");
const at = (group: GroupResult) => `${group.id}`;

/** A Tessera row at or above `minimum` × the group's floor. */
function atFloor(group: GroupResult, row: RowResult, minimum: number): TargetVerdict {
  return { goal: `${row.label} ≥ ${minimum}× floor [${at(group)}]`, measured: times(row.ratioToFloor), met: row.ratioToFloor >= minimum };
}

/** The groups of issue 14, whose floor is client_secret_basic on the same server (see `keyBound` in groups.ts). */
const isKeyBound = (group: GroupResult) => group.id.startsWith("key-bound-");

function issuance(group: GroupResult): TargetVerdict[] {
  if (group.unit !== "tokens" || isKeyBound(group)) return [];
  if (group.kind === "http") {
    // Node: RS256, one core and two (target 1); Bun and Deno: every group (target 4).
    if (group.runtime.startsWith("node") && group.alg !== "RS256") return [];
    return tessera(group).map((row) => atFloor(group, row, 0.9));
  }
  // In-process (target 2), on Node 24: RS256 against raw signing, ES256 and EdDSA against the minimal fetch handler.
  if (group.runtime !== "node24") return [];
  return tessera(group).map((row) => {
    if (group.alg === "RS256") return atFloor(group, row, 0.9);
    const ratio = row.ratioToPeers["minimal-fetch"] ?? Number.NaN;
    return {
      goal: `${row.label} ≥ 0.9× minimal fetch handler [${at(group)}]`,
      measured: `${times(ratio)} (${times(row.ratioToFloor)} raw signing)`,
      met: ratio >= 0.9,
    };
  });
}

/** Issue 14: private_key_jwt and DPoP at least 0.8× client_secret_basic on the same server. */
function keyBoundCost(group: GroupResult): TargetVerdict[] {
  if (!isKeyBound(group)) return [];
  return tessera(group).map((row) => ({
    goal: `${row.label} ≥ 0.8× client_secret_basic [${at(group)}]`,
    measured: times(row.ratioToFloor),
    met: row.ratioToFloor >= 0.8,
  }));
}

function verification(group: GroupResult): TargetVerdict[] {
  if (group.unit !== "verifications") return [];
  return tessera(group).flatMap((row) => {
    const peers = Object.entries(row.ratioToPeers);
    const behind = peers.filter(([, ratio]) => !(ratio > 1));
    return [
      atFloor(group, row, 0.9),
      ...(peers.length === 0
        ? []
        : [{
            goal: `${row.label} ahead of every peer [${at(group)}]`,
            measured: peers.map(([peer, ratio]) => `${times(ratio)} ${shortNames[peer as TargetName] ?? peer}`).join(", "),
            met: behind.length === 0,
          }]),
    ];
  });
}

/** p99 ≤ 3× p50 for every Tessera row, with the floor's own spread beside it: the load's share of the tail. */
function latency(group: GroupResult): TargetVerdict[] {
  if (group.unit === "operations") return [];
  const floor = group.rows.find((row) => row.role === "floor");
  const floorSpread = floor === undefined ? "" : ` (floor ${times(floor.p99Ms / floor.p50Ms)})`;
  return tessera(group).map((row) => {
    const spread = row.p99Ms / row.p50Ms;
    return {
      goal: `p99 ≤ 3× p50, ${row.label} [${at(group)}]`,
      measured: `${row.p99Ms.toFixed(1)} / ${row.p50Ms.toFixed(1)} ms = ${times(spread)}${floorSpread}`,
      met: spread <= 3,
    };
  });
}

function memoryVerdict(memory: MemoryResult): TargetVerdict {
  const first = memory.samples[0]!;
  const last = memory.samples[memory.samples.length - 1]!;
  return {
    goal: `${memory.label} (${memory.runtimeVersion}, ${memory.alg}): RSS after ${last.requests.toLocaleString("en")} requests within 10% of RSS after ${first.requests.toLocaleString("en")} (bench:memory, ${memory.date.slice(0, 10)})`,
    measured: `${mib(first.rssBytes)} → ${mib(last.rssBytes)} MiB = ${times(memory.growth)}; heap ${mib(first.heapUsedBytes)} → ${mib(last.heapUsedBytes)} MiB`,
    met: memory.growth <= 1.1,
  };
}

/**
 * Issue 13: an example on PostgreSQL issues at least 0.9× as many tokens as the same example in
 * memory, in the same group (their rounds interleaved).
 */
function storeCost(group: GroupResult): TargetVerdict[] {
  if (group.unit !== "tokens" || group.kind !== "http") return [];
  return group.rows.flatMap((row) => {
    if (row.store !== "postgres") return [];
    const memory = group.rows.find((other) => other.target === row.target && other.store === "memory");
    if (memory === undefined) return [];
    const ratio = row.perSecond / memory.perSecond;
    return [{ goal: `${row.label} ≥ 0.9× the same in memory [${at(group)}]`, measured: times(ratio), met: ratio >= 0.9 }];
  });
}

/**
 * Issue 13: verification with revocations checked (Tessera's `RevocationSet`) at least 0.9× as
 * fast as without, for each Tessera row of a revocation group against the same row of the group
 * that differs only in not checking. Two groups, so their rounds are not interleaved: read with
 * their `other load`.
 */
function revocationCost(group: GroupResult, groups: readonly GroupResult[]): TargetVerdict[] {
  if (!group.revocation) return [];
  const unchecked = groups.find((other) => other.id === group.id.replace("-revocation", ""));
  if (unchecked === undefined) return [];
  return tessera(group).flatMap((row) => {
    const without = unchecked.rows.find((other) => other.target === row.target && other.store === row.store);
    if (without === undefined) return [];
    const ratio = row.perSecond / without.perSecond;
    return [{ goal: `${row.label}, revocations checked ≥ 0.9× unchecked [${at(group)} / ${unchecked.id}]`, measured: times(ratio), met: ratio >= 0.9 }];
  });
}

/** Issue 13: a revocation refused by the other instances within a second, at the 99th percentile. */
function propagationVerdict(propagation: PropagationResult): TargetVerdict {
  return {
    goal: "a revocation refused at the other instances within 1 s, p99 [revocation-propagation]",
    measured: `p50 ${propagation.p50Ms.toFixed(1)} ms, p99 ${propagation.p99Ms.toFixed(1)} ms, max ${propagation.maxMs.toFixed(1)} ms over ${propagation.samples}`,
    met: propagation.p99Ms <= 1000,
  };
}

export function judge(groups: readonly GroupResult[], memory: readonly MemoryResult[] = [], propagation?: PropagationResult): TargetVerdict[] {
  return [
    ...groups.flatMap((group) => [...issuance(group), ...keyBoundCost(group), ...verification(group), ...latency(group), ...storeCost(group), ...revocationCost(group, groups)]),
    ...memory.filter((result) => result.samples.length >= 2).map(memoryVerdict),
    ...(propagation === undefined ? [] : [propagationVerdict(propagation)]),
  ];
}

/** Every Tessera row of every one-core HTTP group, as the sizing table lists them. */
export function sizing(groups: readonly GroupResult[]): SizingRow[] {
  return groups
    .filter((group) => group.kind === "http" && group.cores === 1)
    .flatMap((group) =>
      tessera(group).map((row) => ({
        runtime: group.runtime,
        runtimeVersion: group.runtimeVersion,
        alg: group.alg,
        unit: group.unit,
        label: row.label + (group.revocation ? ", revocation checked" : ""),
        group: group.id,
        perCore: row.perSecond,
        perCpuSecond: 1e6 / row.cpuUsPerOperation,
        p50Ms: row.p50Ms,
        p99Ms: row.p99Ms,
      })),
    );
}
