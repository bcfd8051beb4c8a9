/**
 * autocannon in its own process, for machines without wrk:
 * `node dist/autocannon-worker.js <options.json>`, the file holding `{ url, seconds, connections,
 * requests }` (the workload's requests, sent in turn: workload.ts). Prints one JSON line, a
 * LoadRound, with the CPU time this process used.
 */
import { readFileSync } from "node:fs";
import autocannon from "autocannon";
import type { LoadRound } from "./load.js";
import type { PlainRequest } from "./workload.js";

const { url, seconds, connections, requests } = JSON.parse(readFileSync(process.argv[2]!, "utf8")) as {
  url: string;
  seconds: number;
  connections: number;
  requests: PlainRequest[];
};
let next = 0;
const cpuBefore = process.cpuUsage();
const result = await autocannon({
  url,
  connections,
  duration: seconds,
  requests: [
    {
      setupRequest: (request) => {
        const { method, path, headers, body } = requests[next]!;
        next = (next + 1) % requests.length;
        return { ...request, method: method as "GET", path, headers: { ...headers }, ...(body === undefined ? {} : { body }) };
      },
    },
  ],
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
