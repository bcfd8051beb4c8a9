/**
 * The load generator, always a separate process from the server it drives: `wrk` when it is
 * installed (C, a few microseconds of CPU per request), otherwise autocannon in a child Node
 * process. Both keep `connections` requests in flight for a bounded time on loopback, and
 * report the requests that got a 2xx, p50 and p99 latency, and their own CPU time, so the share
 * of the machine the generator took is on record. With `cpus`, the generator is pinned there
 * with `taskset` (the one-core runs put the server on CPU 0 and the generator on CPU 1).
 */
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { requestsOf, type Workload } from "./workload.js";

export interface LoadOptions {
  readonly workload: Workload;
  readonly seconds: number;
  readonly connections: number;
  readonly cpus?: string | undefined;
}

export interface LoadRound {
  /** Responses with a 2xx status. */
  readonly ok: number;
  /** Responses with another status, and socket errors and timeouts. */
  readonly failed: number;
  readonly seconds: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** CPU time the load generator used, microseconds. */
  readonly cpuUs: number;
}

export interface LoadGenerator {
  readonly name: string;
  drive(url: string, options: LoadOptions): Promise<LoadRound>;
  close(): void;
}

/** `wrk` if it is on the PATH (and not refused with BENCH_LOADGEN=autocannon), else autocannon. */
export function loadGenerator(): LoadGenerator {
  const wanted = process.env.BENCH_LOADGEN;
  if (wanted !== "autocannon") {
    const version = commandVersion("wrk", ["--version"]);
    if (version !== undefined) return wrk(version);
    if (wanted === "wrk") throw new Error("BENCH_LOADGEN=wrk, but wrk is not installed (apt-get install wrk)");
  }
  return autocannon();
}

export function hasTaskset(): boolean {
  return commandVersion("taskset", ["--version"]) !== undefined;
}

function commandVersion(command: string, args: string[]): string | undefined {
  try {
    // wrk prints its version and exits 1; take whatever it says.
    return execFileSync(command, args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).split("\n")[0];
  } catch (error) {
    const { stdout, code } = error as { stdout?: string; code?: string };
    if (code === "ENOENT") return undefined;
    return stdout?.split("\n")[0] || command;
  }
}

/** The slack a load run gets past its duration before it is killed. */
const graceMs = 30_000;

function run(command: string, args: string[], timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (text: string) => (stdout += text));
    child.stderr.setEncoding("utf8").on("data", (text: string) => (stderr += text));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve(stdout);
      else reject(new Error(`${command} failed (${signal ?? code}): ${stderr.slice(-1000)}`));
    });
  });
}

function pinned(cpus: string | undefined, command: string, args: string[]): [string, string[]] {
  return cpus === undefined ? [command, args] : ["taskset", ["-c", cpus, command, ...args]];
}

/**
 * A wrk script for a workload: its requests formatted once per thread in `init`, then handed out
 * in turn by `request`, so that wrk does no per-request work in Lua beyond picking the next one.
 */
export function wrkScript(workload: Workload): string {
  const lua = (value: string) => JSON.stringify(value);
  const requests = requestsOf(workload)
    .map(({ method, path, headers, body }) => {
      const table = Object.entries(headers).map(([name, value]) => `[${lua(name)}] = ${lua(value)}`).join(", ");
      return `  wrk.format(${lua(method)}, ${lua(path)}, { ${table} }${body === undefined ? "" : `, ${lua(body)}`}),`;
    })
    .join("\n");
  return `local pool = {}
local count = 0
local index = 0
init = function(args)
  pool = {
${requests}
  }
  count = #pool
end
request = function()
  index = index % count + 1
  return pool[index]
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('WRK {"requests":%d,"duration_us":%d,"status":%d,"socket":%d,"p50_us":%d,"p99_us":%d}\\n',
    summary.requests, summary.duration, e.status, e.connect + e.read + e.write + e.timeout,
    latency:percentile(50), latency:percentile(99)))
end
`;
}

function wrk(version: string): LoadGenerator {
  const directory = mkdtempSync(join(tmpdir(), "tessera-bench-"));
  const scripts = new WeakMap<Workload, string>();
  let written = 0;
  const scriptFor = (workload: Workload) => {
    let script = scripts.get(workload);
    if (script === undefined) {
      script = join(directory, `workload-${++written}.lua`);
      writeFileSync(script, wrkScript(workload));
      scripts.set(workload, script);
    }
    return script;
  };
  return {
    name: `wrk (${version.replace(/\s*\[.*$/, "")})`,
    async drive(url, { workload, seconds, connections, cpus }) {
      const script = scriptFor(workload);
      const duration = Math.max(1, Math.round(seconds));
      // `times` prints the CPU time of the shell's children: wrk's own.
      const shell = `wrk -t1 -c${connections} -d${duration}s --timeout 10s -s "$1" "$2"; status=$?; times; exit $status`;
      const [command, args] = pinned(cpus, "sh", ["-c", shell, "sh", script, url]);
      const output = await run(command, args, duration * 1000 + graceMs);
      const line = output.split("\n").find((text) => text.startsWith("WRK "));
      if (line === undefined) throw new Error(`wrk printed no summary: ${output.slice(-500)}`);
      const summary = JSON.parse(line.slice(4)) as Record<string, number>;
      const failed = summary.status! + summary.socket!;
      return {
        ok: summary.requests! - summary.status!,
        failed,
        seconds: summary.duration_us! / 1e6,
        p50Ms: summary.p50_us! / 1000,
        p99Ms: summary.p99_us! / 1000,
        cpuUs: childrenCpuUs(output),
      };
    },
    close() {
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

/** The children's user and system time from the last line of `times` (`0m1.230s 0m0.450s`). */
function childrenCpuUs(output: string): number {
  const lines = output.trim().split("\n");
  const match = /(\d+)m([\d.]+)s\s+(\d+)m([\d.]+)s/.exec(lines[lines.length - 1] ?? "");
  if (match === null) return Number.NaN;
  const [, um, us, sm, ss] = match.map(Number) as [number, number, number, number, number];
  return ((um + sm) * 60 + us + ss) * 1e6;
}

function autocannon(): LoadGenerator {
  const script = fileURLToPath(new URL("./autocannon-worker.js", import.meta.url));
  const directory = mkdtempSync(join(tmpdir(), "tessera-bench-"));
  let written = 0;
  return {
    name: "autocannon (child process)",
    async drive(url, { workload, seconds, connections, cpus }) {
      // The requests go in a file: a pool of tokens is far longer than one argument may be.
      const options = join(directory, `autocannon-${++written}.json`);
      writeFileSync(options, JSON.stringify({ url, seconds, connections, requests: requestsOf(workload) }));
      const [command, args] = pinned(cpus, process.execPath, [script, options]);
      const output = await run(command, args, seconds * 1000 + graceMs);
      return JSON.parse(output.trim().split("\n").pop() ?? "") as LoadRound;
    },
    close() {
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
