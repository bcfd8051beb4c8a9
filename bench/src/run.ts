/**
 * `pnpm bench`: Tessera's token issuance and verification against their floors and their peers,
 * on each runtime, in one invocation on one machine (issues 6 and 16). See README.md here.
 *
 * Every target runs in its own process on its group's runtime and is checked before it is timed.
 * Each group then gets a warm-up per target and interleaved rounds; the table gives the median
 * rate of the rounds, p50/p99 latency, CPU µs per operation, peak RSS and the ratios. A full run
 * writes `results/latest.json` and `docs/benchmark.svg`; a quick or partial one writes
 * `results/partial.json` only.
 *
 * Environment: BENCH_QUICK=1 (one short round each), BENCH_SECONDS (round length, default 5),
 * BENCH_ROUNDS (default 3), BENCH_WARMUP (seconds, default 3), BENCH_GROUPS (comma-separated
 * group ids or `*` patterns, see groups.ts), BENCH_NODES (Node majors, default 24,20),
 * BENCH_LOADGEN (wrk | autocannon), BENCH_TOKEN_POOL (tokens per verifier group, default 1000),
 * BENCH_DATABASE_URL (also start the examples on PostgreSQL, and run revocation-propagation;
 * `embedded` starts one from npm).
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { cpus, platform, release, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { renderChart } from "./chart.js";
import { generateBenchKeys, issuer, tokenRequest } from "./fixture.js";
import { buildGroups, selectGroups } from "./groups.js";
import { hasTaskset, loadGenerator } from "./load.js";
import { formatGroup, formatSizing, formatTargets, type GroupResult, type MemoryResult, type Report } from "./report.js";
import { runGroup, type RunSettings } from "./run-group.js";
import { nodeMajors } from "./runtimes/runtime.js";
import { exampleStores } from "./servers/example-environment.js";
import { tokenPoolSize } from "./verify/tokens.js";
import { judge, sizing } from "./verdicts.js";
import { propagationSelection, startBenchDatabase } from "./stores/database.js";
import { runPropagation, type PropagationResult } from "./stores/propagation.js";

const quick = process.env.BENCH_QUICK === "1";
const settings: RunSettings = {
  connections: 50,
  concurrency: 50,
  roundSeconds: positiveNumber("BENCH_SECONDS") ?? (quick ? 2 : 5),
  rounds: positiveNumber("BENCH_ROUNDS") ?? (quick ? 1 : 3),
  warmupSeconds: positiveNumber("BENCH_WARMUP") ?? (quick ? 1 : 3),
};

function positiveNumber(name: string): number | undefined {
  const value = process.env[name];
  if (value === undefined || value === "") return undefined;
  const number = Number(value);
  if (!Number.isFinite(number) || number <= 0) throw new TypeError(`${name}: expected a positive number, got ${JSON.stringify(value)}`);
  return number;
}

async function readMemoryResults(): Promise<MemoryResult[] | undefined> {
  try {
    const parsed = JSON.parse(await readFile(new URL("../results/memory.json", import.meta.url), "utf8")) as unknown;
    return Array.isArray(parsed) ? (parsed as MemoryResult[]) : undefined;
  } catch {
    return undefined;
  }
}

/** The run's report: its groups, the targets judged on them and on the last bench:memory, and the sizing table. */
async function reportOf(results: readonly GroupResult[], loadGenerator: string, propagation?: PropagationResult): Promise<Report> {
  const memory = await readMemoryResults();
  const cpu = cpus();
  return {
    date: new Date().toISOString(),
    node: process.version,
    platform: `${platform()} ${release()}`,
    cpu: { model: cpu[0]?.model ?? "unknown", count: cpu.length },
    loadGenerator,
    config: {
      connections: settings.connections,
      concurrency: settings.concurrency,
      warmupSeconds: settings.warmupSeconds,
      roundSeconds: settings.roundSeconds,
      rounds: settings.rounds,
      tokenPool: tokenPoolSize(),
      request: `${tokenRequest.method} ${issuer}${tokenRequest.path}, client_credentials, client_secret_basic; GET /whoami with a bearer token`,
    },
    groups: results,
    targets: judge(results, memory, propagation),
    sizing: sizing(results),
    ...(memory === undefined ? {} : { memory }),
    ...(propagation === undefined ? {} : { propagation }),
  };
}

/** A complete run writes results/latest.json and the chart; any other, results/partial.json. */
async function save(report: Report, complete: boolean): Promise<void> {
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
}

async function main(): Promise<void> {
  const stopDatabase = await startBenchDatabase();
  try {
    await runAll();
  } finally {
    await stopDatabase();
  }
}

async function runAll(): Promise<void> {
  const all = buildGroups(nodeMajors(), exampleStores());
  const stores = propagationSelection();
  const selected = stores.rest === "none" ? [] : selectGroups(all, stores.rest);
  const taskset = hasTaskset();
  const runnable = selected.filter((group) => group.cores === 2 || taskset);
  for (const group of selected) {
    if (!runnable.includes(group)) console.log(`skipping ${group.id}: pinning to one core needs taskset (util-linux)`);
  }
  const load = loadGenerator();
  const cpu = cpus();
  console.log(
    `Tessera bench: parent on Node ${process.version}, ${cpu[0]?.model ?? "unknown CPU"} × ${cpu.length}, load generator ${load.name}\n` +
      `${runnable.length} groups; ${settings.warmupSeconds} s warm-up, ${settings.rounds} round(s) of ${settings.roundSeconds} s per target, interleaved; ` +
      `${settings.connections} connections over HTTP, ${settings.concurrency} concurrent calls in-process\n`,
  );

  const keys = await generateBenchKeys();
  const directory = await mkdtemp(join(tmpdir(), "tessera-bench-run-"));
  const results: GroupResult[] = [];
  let propagation: PropagationResult | undefined;
  const failed: string[] = [];
  const exit = () => process.exit(130);
  process.once("SIGINT", exit);
  process.once("SIGTERM", exit);
  try {
    for (const group of runnable) {
      console.log(`${group.title} [${group.id}]`);
      try {
        results.push(await runGroup(group, { keys, directory, load, settings }));
        console.log(`\n${formatGroup(results[results.length - 1]!)}\n`);
      } catch (error) {
        // One group that cannot run (a runtime missing here, a target failing its check) does not lose the others.
        console.error(`!! ${group.id} did not run: ${error instanceof Error ? error.message : String(error)}\n`);
        failed.push(group.id);
      }
    }
    if (stores.propagation) {
      console.log("Revocation propagation: three Node example instances on one PostgreSQL, revoked at one, refused at the others [revocation-propagation]");
      propagation = await runPropagation(quick ? 30 : 300, keys);
      console.log(`  p50 ${propagation.p50Ms.toFixed(1)} ms, p99 ${propagation.p99Ms.toFixed(1)} ms, max ${propagation.maxMs.toFixed(1)} ms, ${propagation.samples} samples\n`);
    }
  } finally {
    load.close();
    await rm(directory, { recursive: true, force: true });
  }

  const report = await reportOf(results, load.name, propagation);
  console.log(results.map(formatGroup).join("\n\n"));
  console.log(`\nSizing (one-core groups):\n${formatSizing(report.sizing)}`);
  console.log(`\nTargets (issue 16), this run:\n${formatTargets(report.targets)}`);
  if (report.memory === undefined) console.log("(memory: run `pnpm bench:memory` for the RSS targets)");
  await save(report, !quick && failed.length === 0 && process.env.BENCH_GROUPS === undefined && runnable.length === selected.length);
  if (failed.length > 0) {
    console.error(`groups that did not run: ${failed.join(", ")}`);
    process.exitCode = 1;
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
