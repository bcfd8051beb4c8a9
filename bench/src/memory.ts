/**
 * `pnpm bench:memory`: does memory stay flat? Runs 1,000,000 in-process token requests
 * (`respondToTokenRequest`, client_secret_basic, 50 concurrent calls) in a child process and
 * samples its RSS after every 100,000, each time after a full garbage collection (the child runs
 * with `--expose-gc`): a sample taken wherever the collector happens to be differs by tens of MiB
 * of garbage from the next, and would hide a leak or invent one. The target: RSS after the last
 * within 10% of RSS after the first. Writes results/memory.json, which `pnpm bench` then reports
 * with its targets.
 *
 * Environment: BENCH_MEMORY_REQUESTS (default 1000000), BENCH_MEMORY_ALG (default RS256; ES256
 * or EdDSA are several times faster), BENCH_QUICK=1 (100,000 requests, sampled every 10,000).
 */
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { Child } from "./child.js";
import { generateBenchKeys, isAlg } from "./fixture.js";
import { judge, mib, type MemoryResult, type Report } from "./report.js";

const quick = process.env.BENCH_QUICK === "1";
const requests = Number(process.env.BENCH_MEMORY_REQUESTS ?? (quick ? 100_000 : 1_000_000));
const alg = process.env.BENCH_MEMORY_ALG ?? "RS256";
const concurrency = 50;
if (!Number.isSafeInteger(requests) || requests < 20) throw new TypeError("BENCH_MEMORY_REQUESTS: expected a whole number ≥ 20");
if (!isAlg(alg)) throw new TypeError("BENCH_MEMORY_ALG: expected RS256, ES256 or EdDSA");
const every = Math.floor(requests / 10);

const { child, ready } = await Child.start("tessera", alg, { keys: await generateBenchKeys(), exposeGc: true });
try {
  console.log(`respondToTokenRequest ${alg}: ${ready.checked ?? "checked"}; ${requests.toLocaleString("en")} requests, RSS every ${every.toLocaleString("en")}`);
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
  const met = growth <= 1.1;
  console.log(`\n${met ? "[met]" : "[NOT met]"} RSS after ${requests.toLocaleString("en")} ÷ after ${every.toLocaleString("en")} = ${growth.toFixed(3)} (target ≤ 1.10), ${(requests / seconds).toFixed(0)} requests/s`);
  const result: MemoryResult = { date: new Date().toISOString(), alg, concurrency, samples, growth };
  const file = new URL("../results/memory.json", import.meta.url);
  await mkdir(new URL(".", file), { recursive: true });
  await writeFile(file, `${JSON.stringify(result, null, 2)}\n`);
  console.log(`written ${fileURLToPath(file)}`);
  // The last full run reports this memory result with its other targets.
  const latest = new URL("../results/latest.json", import.meta.url);
  const report = await readFile(latest, "utf8").then((text) => JSON.parse(text) as Report, () => undefined);
  if (report !== undefined) {
    const updated: Report = { ...report, memory: result, targets: judge(report.groups, result) };
    await writeFile(latest, `${JSON.stringify(updated, null, 2)}\n`);
    console.log(`updated the memory target in ${fileURLToPath(latest)}`);
  }
  if (!met) process.exitCode = 1;
} finally {
  child.stop();
}
