/**
 * `pnpm bench`: Tessera's token throughput against the signing floor, the practical HTTP floor
 * and its peers, in one invocation on one machine (issue 6). See README.md in this folder.
 *
 * Every target runs in its own child process and is checked before it is timed (its token must
 * verify). Each group then gets a warm-up per target and interleaved rounds; the table gives the
 * median tokens/s of the rounds, p50/p99 latency, CPU µs per token, peak RSS and the ratios.
 * A full run writes `results/latest.json` and `docs/benchmark.svg`; a quick or partial one
 * writes `results/partial.json` only.
 *
 * Environment: BENCH_QUICK=1 (one short round each, about a minute), BENCH_SECONDS (round
 * length, default 5), BENCH_ROUNDS (default 3), BENCH_WARMUP (seconds, default 3),
 * BENCH_GROUPS (comma-separated group ids, see groups.ts), BENCH_LOADGEN (wrk | autocannon).
 */
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { cpus, platform, release } from "node:os";
import { fileURLToPath } from "node:url";
import { renderChart } from "./chart.js";
import { checkHttpTarget } from "./check.js";
import { Child } from "./child.js";
import { generateBenchKeys, issuer, tokenRequest, type BenchKeys } from "./fixture.js";
import { expectations, groups, type GroupSpec, type RowSpec } from "./groups.js";
import { hasTaskset, loadGenerator, type LoadGenerator } from "./load.js";
import { machineBusyUs } from "./machine.js";
import type { InProcessRound, Reply } from "./protocol.js";
import {
  formatGroup,
  formatTargets,
  judge,
  median,
  type GroupResult,
  type MemoryResult,
  type Report,
  type RoundResult,
  type RowResult,
} from "./report.js";
import { withBenchDatabase } from "./stores/database.js";
import { runPropagation, type PropagationResult } from "./stores/propagation.js";
import { labels } from "./targets.js";

const connections = 50;
const concurrency = 50;
const quick = process.env.BENCH_QUICK === "1";
const roundSeconds = positiveNumber("BENCH_SECONDS") ?? (quick ? 2 : 5);
const rounds = positiveNumber("BENCH_ROUNDS") ?? (quick ? 1 : 3);
const warmupSeconds = positiveNumber("BENCH_WARMUP") ?? (quick ? 1 : 3);
const onlyGroups = process.env.BENCH_GROUPS?.split(",").filter((id) => id !== "");

function positiveNumber(name: string): number | undefined {
  const value = process.env[name];
  if (value === undefined || value === "") return undefined;
  const number = Number(value);
  if (!Number.isFinite(number) || number <= 0) throw new TypeError(`${name}: expected a positive number, got ${JSON.stringify(value)}`);
  return number;
}

interface Running {
  readonly spec: RowSpec;
  readonly child: Child;
  readonly url?: string;
  readonly rounds: RoundResult[];
}

const cpuStats = async (child: Child) => {
  const reply = await child.request({ type: "stats" }, 10_000);
  if (reply.type !== "stats") throw new Error(`${child.name}: expected stats`);
  return reply;
};

/** Starts a group's targets, checks each, warms each up, then runs the interleaved rounds. */
async function runGroup(group: GroupSpec, keys: BenchKeys, load: LoadGenerator): Promise<GroupResult> {
  // One-core groups: the target on CPU 0, the load generator on CPU 1.
  const serverCpus = group.cores === 1 ? "0" : undefined;
  const loadCpus = group.cores === 1 ? "1" : undefined;
  const running: Running[] = [];
  try {
    for (const spec of group.rows) {
      const { child, ready } = await Child.start(spec.target, group.alg, { keys, cpus: serverCpus });
      const url = ready.port === undefined ? undefined : `http://127.0.0.1:${ready.port}${tokenRequest.path}`;
      running.push({ spec, child, rounds: [], ...(url === undefined ? {} : { url }) });
      if (url !== undefined) await checkHttp(spec, group, url, keys);
      console.log(`  checked ${labels[spec.target]}: ${ready.checked ?? "its token verifies"}`);
    }

    const measure = async (target: Running, seconds: number): Promise<RoundResult> => {
      const before = await cpuStats(target.child);
      const machineBefore = machineBusyUs();
      const started = performance.now();
      let round: RoundResult;
      // The CPU that neither the target nor the load generator used: other processes, and the
      // kernel's network work, spread over the machine's cores for the round.
      const otherLoad = (targetCpuUs: number, loadCpuUs: number) => {
        const machineAfter = machineBusyUs();
        if (machineBefore === undefined || machineAfter === undefined) return undefined;
        const elapsedUs = (performance.now() - started) * 1000;
        return Math.max(0, machineAfter - machineBefore - targetCpuUs - loadCpuUs) / (elapsedUs * cpus().length);
      };
      if (target.url !== undefined) {
        const result = await load.drive(target.url, { seconds, connections, cpus: loadCpus });
        const after = await cpuStats(target.child);
        round = {
          otherLoad: otherLoad(after.cpuUs - before.cpuUs, result.cpuUs),
          tokensPerSecond: result.ok / result.seconds,
          p50Ms: result.p50Ms,
          p99Ms: result.p99Ms,
          tokens: result.ok,
          failed: result.failed,
          cpuUsPerToken: (after.cpuUs - before.cpuUs) / result.ok,
          loadCpuUsPerRequest: result.cpuUs / (result.ok + result.failed),
        };
      } else {
        const reply: Reply = await target.child.request({ type: "run", seconds, concurrency }, seconds * 1000 + 60_000);
        if (reply.type !== "round") throw new Error(`${target.child.name}: expected a round`);
        const result: InProcessRound = reply;
        round = {
          otherLoad: otherLoad(result.cpuUs, 0),
          tokensPerSecond: result.operations / result.seconds,
          p50Ms: result.p50Ms,
          p99Ms: result.p99Ms,
          tokens: result.operations,
          failed: result.failures,
          cpuUsPerToken: result.cpuUs / result.operations,
        };
      }
      return round;
    };

    for (const target of running) await measure(target, warmupSeconds);
    for (let index = 1; index <= rounds; index++) {
      for (const target of running) {
        const round = await measure(target, roundSeconds);
        target.rounds.push(round);
        console.log(
          `  round ${index} ${labels[target.spec.target]}: ${round.tokensPerSecond.toFixed(0)} tokens/s, ` +
            `p50 ${round.p50Ms.toFixed(2)} ms, p99 ${round.p99Ms.toFixed(2)} ms, ${round.cpuUsPerToken.toFixed(0)} µs CPU/token` +
            (round.otherLoad === undefined ? "" : `, other load ${(round.otherLoad * 100).toFixed(0)}%`) +
            (round.failed > 0 ? `, ${round.failed} FAILED` : ""),
        );
      }
    }

    const peaks = new Map<Running, number>();
    for (const target of running) peaks.set(target, (await cpuStats(target.child)).maxRssBytes);
    return summarise(group, running, peaks);
  } finally {
    for (const target of running) target.child.stop();
  }
}

async function checkHttp(spec: RowSpec, group: GroupSpec, url: string, keys: BenchKeys): Promise<void> {
  try {
    await checkHttpTarget(url, keys[group.alg], expectations(spec.target, group.alg));
  } catch (error) {
    throw new Error(`${labels[spec.target]} (${group.alg}) failed its check: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function summarise(group: GroupSpec, running: readonly Running[], peaks: ReadonlyMap<Running, number>): GroupResult {
  const floorTarget = running.find((target) => target.spec.role === "floor");
  const rate = (target: Running) => median(target.rounds.map((round) => round.tokensPerSecond));
  const floorRate = floorTarget === undefined ? Number.NaN : rate(floorTarget);
  const peers = running.filter((target) => target.spec.role === "peer");
  const rows: RowResult[] = running.map((target) => {
    const tokens = target.rounds.reduce((sum, round) => sum + round.tokens, 0);
    const cpu = target.rounds.reduce((sum, round) => sum + round.cpuUsPerToken * round.tokens, 0);
    const loads = target.rounds.map((round) => round.loadCpuUsPerRequest).filter((value) => value !== undefined);
    const others = target.rounds.map((round) => round.otherLoad).filter((value) => value !== undefined);
    return {
      target: target.spec.target,
      label: labels[target.spec.target],
      role: target.spec.role,
      tokensPerSecond: rate(target),
      minTokensPerSecond: Math.min(...target.rounds.map((round) => round.tokensPerSecond)),
      maxTokensPerSecond: Math.max(...target.rounds.map((round) => round.tokensPerSecond)),
      p50Ms: median(target.rounds.map((round) => round.p50Ms)),
      p99Ms: median(target.rounds.map((round) => round.p99Ms)),
      cpuUsPerToken: cpu / tokens,
      peakRssBytes: peaks.get(target) ?? Number.NaN,
      ...(loads.length === 0 ? {} : { loadCpuUsPerRequest: median(loads) }),
      ...(others.length === 0 ? {} : { otherLoad: Math.max(...others) }),
      failed: target.rounds.reduce((sum, round) => sum + round.failed, 0),
      ratioToFloor: rate(target) / floorRate,
      ratioToPeers: Object.fromEntries(
        peers.filter((peer) => peer !== target).map((peer) => [peer.spec.target, rate(target) / rate(peer)]),
      ),
      rounds: target.rounds,
    };
  });
  return { id: group.id, title: group.title, kind: group.kind, alg: group.alg, cores: group.cores, rows };
}

async function readMemoryResult(): Promise<MemoryResult | undefined> {
  try {
    return JSON.parse(await readFile(new URL("../results/memory.json", import.meta.url), "utf8")) as MemoryResult;
  } catch {
    return undefined;
  }
}

async function main(): Promise<void> {
  const selected = groups.filter((group) => onlyGroups === undefined || onlyGroups.includes(group.id));
  if (onlyGroups !== undefined && selected.length !== onlyGroups.length) {
    throw new TypeError(`BENCH_GROUPS: known groups are ${groups.map((group) => group.id).join(", ")}`);
  }
  const taskset = hasTaskset();
  const runnable = selected.filter((group) => group.cores === 2 || taskset);
  for (const group of selected) {
    if (!runnable.includes(group)) console.log(`skipping ${group.id}: pinning to one core needs taskset (util-linux)`);
  }
  const load = loadGenerator();
  const cpu = cpus();
  console.log(
    `Tessera bench: Node ${process.version}, ${cpu[0]?.model ?? "unknown CPU"} × ${cpu.length}, load generator ${load.name}\n` +
      `${warmupSeconds} s warm-up, ${rounds} round(s) of ${roundSeconds} s per target, interleaved; ` +
      `${connections} connections over HTTP, ${concurrency} concurrent calls in-process\n`,
  );

  const keys = await generateBenchKeys();
  const results: GroupResult[] = [];
  let propagation: PropagationResult | undefined;
  const exit = () => process.exit(130);
  process.once("SIGINT", exit);
  process.once("SIGTERM", exit);
  try {
    await withBenchDatabase(runnable, async () => {
      for (const group of runnable) {
        console.log(`${group.title}`);
        if (group.kind === "propagation") {
          propagation = await runPropagation(quick ? 30 : 300, keys);
          console.log(`  p50 ${propagation.p50Ms.toFixed(1)} ms, p99 ${propagation.p99Ms.toFixed(1)} ms, max ${propagation.maxMs.toFixed(1)} ms, ${propagation.samples} samples\n`);
          continue;
        }
        results.push(await runGroup(group, keys, load));
        console.log(`\n${formatGroup(results[results.length - 1]!)}\n`);
      }
    });
  } finally {
    load.close();
  }

  const memory = await readMemoryResult();
  const targets = judge(results, memory, propagation);
  const report: Report = {
    date: new Date().toISOString(),
    node: process.version,
    platform: `${platform()} ${release()}`,
    cpu: { model: cpu[0]?.model ?? "unknown", count: cpu.length },
    loadGenerator: load.name,
    config: {
      connections,
      concurrency,
      warmupSeconds,
      roundSeconds,
      rounds,
      request: `${tokenRequest.method} ${issuer}${tokenRequest.path}, client_credentials, client_secret_basic`,
    },
    groups: results,
    targets,
    ...(memory === undefined ? {} : { memory }),
    ...(propagation === undefined ? {} : { propagation }),
  };

  console.log(results.map(formatGroup).join("\n\n"));
  console.log(`\nTargets (issue 6), this run:\n${formatTargets(targets)}`);
  if (memory === undefined) console.log("(memory: run `pnpm bench:memory` for the RSS target)");

  const complete = !quick && runnable.length === groups.length;
  const file = new URL(complete ? "../results/latest.json" : "../results/partial.json", import.meta.url);
  await mkdir(new URL(".", file), { recursive: true });
  await writeFile(file, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`\nwritten ${fileURLToPath(file)}`);
  if (complete) {
    const chart = new URL("../../docs/benchmark.svg", import.meta.url);
    await mkdir(new URL(".", chart), { recursive: true });
    await writeFile(chart, renderChart(report));
    console.log(`written ${fileURLToPath(chart)}`);
  }
  if (results.some((group) => group.rows.some((measured) => measured.failed > 0))) {
    console.error("some requests failed: the numbers above are not comparable");
    process.exitCode = 1;
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
