/**
 * One group of a run: its tokens made (verifier groups), its targets started on the group's
 * runtime and checked one by one, a warm-up for each, then interleaved rounds (A, B, C, A, B, C, …)
 * and the medians and ratios.
 */
import { cpus } from "node:os";
import type { BenchKeys } from "./fixture.js";
import type { GroupSpec, RowSpec } from "./groups.js";
import { checkTarget, startTarget, type GroupContext } from "./launch.js";
import type { LoadGenerator } from "./load.js";
import { machineBusyUs } from "./machine.js";
import { median, type GroupResult, type RoundResult, type RowResult } from "./report.js";
import { runtimeId, runtimeVersionOf } from "./runtimes/runtime.js";
import type { TargetProcess } from "./target-process.js";
import { label } from "./targets.js";
import { makeTokenSet, writeTokenSet } from "./verify/tokens.js";
import { tokenWorkload, type Workload } from "./workload.js";

export interface RunSettings {
  readonly connections: number;
  readonly concurrency: number;
  readonly warmupSeconds: number;
  readonly roundSeconds: number;
  readonly rounds: number;
}

export interface RunContext {
  readonly keys: BenchKeys;
  /** Where a group's token file goes. */
  readonly directory: string;
  readonly load: LoadGenerator;
  readonly settings: RunSettings;
}

interface Running {
  readonly spec: RowSpec;
  readonly label: string;
  readonly target: TargetProcess;
  readonly rounds: RoundResult[];
}

export async function runGroup(group: GroupSpec, run: RunContext): Promise<GroupResult> {
  // One-core groups: the target on CPU 0, the load generator on CPU 1.
  const cpusOfTarget = group.cores === 1 ? "0" : undefined;
  let workload: Workload = tokenWorkload;
  let context: GroupContext = { keys: run.keys, cpus: cpusOfTarget };
  if (group.unit === "verifications") {
    const set = await makeTokenSet(group.alg, run.keys[group.alg]);
    context = { ...context, tokens: { set, file: await writeTokenSet(run.directory, set) } };
    workload = { kind: "resource", tokens: set.valid };
  }
  const runtimeVersion = runtimeVersionOf(group.runtime);
  const running: Running[] = [];
  try {
    for (const spec of group.rows) {
      const name = label(spec.target, group.runtime, spec.store);
      const target = await startTarget(spec, group, context);
      running.push({ spec, label: name, target, rounds: [] });
      console.log(`  checked ${name}: ${await checkTarget(spec, group, target, context)}`);
    }
    for (const target of running) await measure(target, group, run, workload, run.settings.warmupSeconds);
    for (let index = 1; index <= run.settings.rounds; index++) {
      for (const target of running) {
        const round = await measure(target, group, run, workload, run.settings.roundSeconds);
        target.rounds.push(round);
        console.log(
          `  round ${index} ${target.label}: ${round.perSecond.toFixed(0)} ${group.unit}/s, ` +
            `p50 ${round.p50Ms.toFixed(2)} ms, p99 ${round.p99Ms.toFixed(2)} ms, ${round.cpuUsPerOperation.toFixed(0)} µs CPU each` +
            (round.otherLoad === undefined ? "" : `, other load ${(round.otherLoad * 100).toFixed(0)}%`) +
            (round.failed > 0 ? `, ${round.failed} FAILED` : ""),
        );
      }
    }
    const peaks = new Map<Running, number>();
    for (const target of running) peaks.set(target, (await target.target.stats()).maxRssBytes);
    return summarise(group, runtimeVersion, running, peaks);
  } finally {
    await Promise.all(running.map((target) => target.target.stop()));
  }
}

/** One round (or the warm-up) of one target. */
async function measure(running: Running, group: GroupSpec, run: RunContext, workload: Workload, seconds: number): Promise<RoundResult> {
  const { target } = running;
  const before = await target.stats();
  const machineBefore = machineBusyUs();
  const started = performance.now();
  // The CPU that neither the target nor the load generator used: other processes, and the
  // kernel's network work, spread over the machine's cores for the round.
  const otherLoad = (targetCpuUs: number, loadCpuUs: number) => {
    const machineAfter = machineBusyUs();
    if (machineBefore === undefined || machineAfter === undefined) return undefined;
    const elapsedUs = (performance.now() - started) * 1000;
    return Math.max(0, machineAfter - machineBefore - targetCpuUs - loadCpuUs) / (elapsedUs * cpus().length);
  };
  if (target.port !== undefined) {
    const url = `http://127.0.0.1:${target.port}/`;
    const loadCpus = group.cores === 1 ? "1" : undefined;
    const result = await run.load.drive(url, { workload, seconds, connections: run.settings.connections, cpus: loadCpus });
    const after = await target.stats();
    return {
      otherLoad: otherLoad(after.cpuUs - before.cpuUs, result.cpuUs),
      perSecond: result.ok / result.seconds,
      p50Ms: result.p50Ms,
      p99Ms: result.p99Ms,
      operations: result.ok,
      failed: result.failed,
      cpuUsPerOperation: (after.cpuUs - before.cpuUs) / result.ok,
      loadCpuUsPerRequest: result.cpuUs / (result.ok + result.failed),
    };
  }
  const result = await target.runRound(seconds, run.settings.concurrency);
  return {
    otherLoad: otherLoad(result.cpuUs, 0),
    perSecond: result.operations / result.seconds,
    p50Ms: result.p50Ms,
    p99Ms: result.p99Ms,
    operations: result.operations,
    failed: result.failures,
    cpuUsPerOperation: result.cpuUs / result.operations,
  };
}

function summarise(group: GroupSpec, runtimeVersion: string, running: readonly Running[], peaks: ReadonlyMap<Running, number>): GroupResult {
  const floorTarget = running.find((target) => target.spec.role === "floor");
  const rate = (target: Running) => median(target.rounds.map((round) => round.perSecond));
  const floorRate = floorTarget === undefined ? Number.NaN : rate(floorTarget);
  const peers = running.filter((target) => target.spec.role === "peer");
  const rows: RowResult[] = running.map((target) => {
    const operations = target.rounds.reduce((sum, round) => sum + round.operations, 0);
    const cpu = target.rounds.reduce((sum, round) => sum + round.cpuUsPerOperation * round.operations, 0);
    const loads = target.rounds.map((round) => round.loadCpuUsPerRequest).filter((value) => value !== undefined);
    const others = target.rounds.map((round) => round.otherLoad).filter((value) => value !== undefined);
    return {
      target: target.spec.target,
      label: target.label,
      role: target.spec.role,
      ...(target.spec.store === undefined ? {} : { store: target.spec.store }),
      perSecond: rate(target),
      minPerSecond: Math.min(...target.rounds.map((round) => round.perSecond)),
      maxPerSecond: Math.max(...target.rounds.map((round) => round.perSecond)),
      p50Ms: median(target.rounds.map((round) => round.p50Ms)),
      p99Ms: median(target.rounds.map((round) => round.p99Ms)),
      cpuUsPerOperation: cpu / operations,
      peakRssBytes: peaks.get(target) ?? Number.NaN,
      ...(loads.length === 0 ? {} : { loadCpuUsPerRequest: median(loads) }),
      ...(others.length === 0 ? {} : { otherLoad: Math.max(...others) }),
      failed: target.rounds.reduce((sum, round) => sum + round.failed, 0),
      ratioToFloor: rate(target) / floorRate,
      ratioToPeers: Object.fromEntries(peers.filter((peer) => peer !== target).map((peer) => [peer.spec.target, rate(target) / rate(peer)])),
      rounds: target.rounds,
    };
  });
  return {
    id: group.id,
    title: group.title,
    kind: group.kind,
    unit: group.unit,
    alg: group.alg,
    cores: group.cores,
    runtime: runtimeId(group.runtime),
    runtimeVersion,
    revocation: group.revocation,
    rows,
  };
}
