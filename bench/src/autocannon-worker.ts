/**
 * autocannon in its own process, for machines without wrk:
 * `node dist/autocannon-worker.js '{"url":…,"seconds":…,"connections":…}'`. Prints one JSON
 * line, a LoadRound, with the CPU time this process used.
 */
import autocannon from "autocannon";
import { tokenRequest } from "./fixture.js";
import type { LoadRound } from "./load.js";

const { url, seconds, connections } = JSON.parse(process.argv[2] ?? "{}") as { url: string; seconds: number; connections: number };
const cpuBefore = process.cpuUsage();
const result = await autocannon({
  url,
  method: tokenRequest.method,
  headers: { ...tokenRequest.headers },
  body: tokenRequest.body,
  connections,
  duration: seconds,
});
const cpu = process.cpuUsage(cpuBefore);
const round: LoadRound = {
  ok: result["2xx"],
  failed: result.non2xx + result.errors + result.timeouts,
  seconds: result.duration,
  p50Ms: result.latency.p50,
  p99Ms: result.latency.p99,
  cpuUs: cpu.user + cpu.system,
};
process.stdout.write(`${JSON.stringify(round)}\n`);
