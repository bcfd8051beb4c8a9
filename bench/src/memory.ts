/**
 * `pnpm bench:memory`: does memory stay flat? For each configuration — the lean server
 * (`tessera`) and the server built as the examples build it (`tessera-example`, with their token
 * repository: servers/example-config.ts) — and each Node of `BENCH_NODES`, runs 1,000,000
 * in-process token requests (`respondToTokenRequest`, client_secret_basic, 50 concurrent calls)
 * in a child process and samples its RSS after every 100,000, each time after a full garbage
 * collection (the child runs with `--expose-gc`): a sample taken wherever the collector happens
 * to be differs by tens of MiB of garbage from the next, and would hide a leak or invent one. The
 * target: RSS after the last within 10% of RSS after the first. Writes results/memory.json, which
 * `pnpm bench` then reports with its targets (a quick run writes results/memory-partial.json).
 *
 * Over HTTP, `pnpm soak` drives each example as `pnpm start` runs it and reports its RSS.
 *
 * Environment: BENCH_MEMORY_REQUESTS (default 1000000), BENCH_MEMORY_ALG (default RS256; ES256
 * or EdDSA are several times faster), BENCH_MEMORY_TARGETS (default `tessera,tessera-example`),
 * BENCH_NODES (default 24,20), BENCH_QUICK=1 (100,000 requests, sampled every 10,000).
 */
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { Child } from "./child.js";
import { generateBenchKeys, isAlg, type Alg } from "./fixture.js";
import { mib, type MemoryResult, type Report } from "./report.js";
import { nodeMajors, runtimeExecutable, runtimeVersionOf, type Runtime } from "./runtimes/runtime.js";
import { label } from "./targets.js";
import { judge } from "./verdicts.js";

const quick = process.env.BENCH_QUICK === "1";
const requests = Number(process.env.BENCH_MEMORY_REQUESTS ?? (quick ? 100_000 : 1_000_000));
const alg = process.env.BENCH_MEMORY_ALG ?? "RS256";
const targets = (process.env.BENCH_MEMORY_TARGETS ?? "tessera,tessera-example").split(",");
const concurrency = 50;
if (!Number.isSafeInteger(requests) || requests < 20) throw new TypeError("BENCH_MEMORY_REQUESTS: expected a whole number ≥ 20");
if (!isAlg(alg)) throw new TypeError("BENCH_MEMORY_ALG: expected RS256, ES256 or EdDSA");
for (const target of targets) {
  if (target !== "tessera" && target !== "tessera-example") throw new TypeError("BENCH_MEMORY_TARGETS: expected tessera and/or tessera-example");
}
const every = Math.floor(requests / 10);

async function soak(target: "tessera" | "tessera-example", runtime: Runtime, keys: Awaited<ReturnType<typeof generateBenchKeys>>, algorithm: Alg): Promise<MemoryResult> {
  const name = label(target, runtime);
  const runtimeVersion = runtimeVersionOf(runtime);
  const { child, ready } = await Child.start(target, algorithm, { keys, exposeGc: true, node: runtimeExecutable(runtime) });
  try {
    console.log(`${name}, Node ${runtimeVersion}, ${algorithm}: ${ready.checked ?? "checked"}; ${requests.toLocaleString("en")} requests, RSS every ${every.toLocaleString("en")}`);
    const started = performance.now();
    // Generous: a slow machine signs RS256 at a few hundred tokens per second.
    const reply = await child.request({ type: "soak", count: requests, every, concurrency }, Math.max(600_000, requests * 10));
    if (reply.type !== "soak") throw new Error("expected soak samples");
    const seconds = (performance.now() - started) / 1000;
    const samples = reply.rss;
    for (const sample of samples) {
      console.log(`${sample.requests.toLocaleString("en").padStart(10)} requests: RSS ${mib(sample.rssBytes).padStart(4)} MiB, heap ${mib(sample.heapUsedBytes).padStart(4)} MiB`);
    }
    const growth = samples[samples.length - 1]!.rssBytes / samples[0]!.rssBytes;
    console.log(`${growth <= 1.1 ? "[met]" : "[NOT met]"} RSS after ${requests.toLocaleString("en")} ÷ after ${every.toLocaleString("en")} = ${growth.toFixed(3)} (target ≤ 1.10), ${(requests / seconds).toFixed(0)} requests/s\n`);
    return { date: new Date().toISOString(), label: name, target, runtimeVersion, alg: algorithm, concurrency, samples, growth };
  } finally {
    await child.stop();
  }
}

const keys = await generateBenchKeys();
const results: MemoryResult[] = [];
for (const major of nodeMajors()) {
  for (const target of targets as ("tessera" | "tessera-example")[]) results.push(await soak(target, { kind: "node", major }, keys, alg));
}
const file = new URL(quick ? "../results/memory-partial.json" : "../results/memory.json", import.meta.url);
await mkdir(new URL(".", file), { recursive: true });
await writeFile(file, `${JSON.stringify(results, null, 2)}\n`);
console.log(`written ${fileURLToPath(file)}`);
// The last full run reports these memory results with its other targets.
const latest = new URL("../results/latest.json", import.meta.url);
const report = quick ? undefined : await readFile(latest, "utf8").then((text) => JSON.parse(text) as Report, () => undefined);
if (report !== undefined && Array.isArray(report.sizing)) {
  await writeFile(latest, `${JSON.stringify({ ...report, memory: results, targets: judge(report.groups, results) }, null, 2)}\n`);
  console.log(`updated the memory targets in ${fileURLToPath(latest)}`);
}
if (results.some((result) => result.growth > 1.1)) process.exitCode = 1;
