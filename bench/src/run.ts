/**
 * `pnpm bench`: how fast is @tessera/node against serving the same core through
 * @hono/node-server directly, and through @tessera/hono on @hono/node-server?
 *
 * Each target runs in its own child process on 127.0.0.1. Each is checked first (one token
 * request must return 200 and a JWT that verifies against the JWKS it serves), then warmed up,
 * then driven by autocannon from this process: POST /token with client_secret_basic. Rounds
 * interleave the targets (A, B, C, A, B, C, …) so machine noise falls on all of them alike.
 *
 * BENCH_SECONDS sets the length of the warm-up and of each round (default 5).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdir, writeFile } from "node:fs/promises";
import { cpus, platform, release } from "node:os";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import { createRemoteJWKSet, jwtVerify } from "jose";
import { benchClient, issuer, tokenRequest } from "./fixture.js";
import { targets, type TargetName } from "./targets.js";

const connections = 50;
const rounds = 3;
const roundSeconds = secondsFromEnv(process.env.BENCH_SECONDS) ?? 5;
const warmupSeconds = roundSeconds;
const startTimeoutMs = 30_000;

interface Running {
  readonly name: TargetName;
  readonly label: string;
  readonly origin: string;
  readonly child: ChildProcess;
}

interface Round {
  readonly tokensPerSecond: number;
  readonly p50: number;
  readonly p99: number;
  readonly requests: number;
  readonly non2xx: number;
  readonly errors: number;
}

function secondsFromEnv(value: string | undefined): number | undefined {
  if (value === undefined || value === "") return undefined;
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds <= 0) {
    throw new TypeError(`BENCH_SECONDS: expected a positive number of seconds, got ${JSON.stringify(value)}`);
  }
  return seconds;
}

/** Starts `node target.js <name>` and waits for the port it prints. */
function start(target: (typeof targets)[number]): Promise<Running> {
  const script = fileURLToPath(new URL("./target.js", import.meta.url));
  const child = spawn(process.execPath, [script, target.name], { stdio: ["pipe", "pipe", "inherit"] });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`${target.label}: no port within ${startTimeoutMs} ms`));
    }, startTimeoutMs);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`${target.label}: exited with code ${String(code)} before listening`));
    });
    createInterface({ input: child.stdout! }).once("line", (line) => {
      clearTimeout(timer);
      const { port } = JSON.parse(line) as { port: number };
      resolve({ name: target.name, label: target.label, origin: `http://127.0.0.1:${port}`, child });
    });
  });
}

/** One token request must succeed and its JWT must verify against the JWKS the target serves. */
async function check(target: Running): Promise<void> {
  const response = await fetch(target.origin + tokenRequest.path, {
    method: tokenRequest.method,
    headers: tokenRequest.headers,
    body: tokenRequest.body,
  });
  if (response.status !== 200) throw new Error(`${target.label}: token request answered ${response.status}`);
  const { access_token: token } = (await response.json()) as { access_token: string };
  const jwks = createRemoteJWKSet(new URL(`${target.origin}/.well-known/jwks.json`));
  const { payload } = await jwtVerify(token, jwks, { issuer, audience: issuer, typ: "at+jwt", algorithms: ["RS256"] }).catch(
    (error: unknown) => {
      throw new Error(`${target.label}: the token does not verify: ${error instanceof Error ? error.message : String(error)}`);
    },
  );
  if (payload.client_id !== benchClient.clientId) throw new Error(`${target.label}: the token names another client`);
}

async function drive(target: Running, seconds: number): Promise<Round> {
  const result = await autocannon({
    url: target.origin + tokenRequest.path,
    method: tokenRequest.method,
    headers: { ...tokenRequest.headers },
    body: tokenRequest.body,
    connections,
    duration: seconds,
  });
  return {
    tokensPerSecond: result["2xx"] / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

function table(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows
    .map((row, index) => {
      const line = row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join("  ");
      return index === 0 ? `${line}\n${widths.map((width) => "-".repeat(width)).join("  ")}` : line;
    })
    .join("\n");
}

async function main(): Promise<void> {
  const running: Running[] = [];
  try {
    for (const target of targets) running.push(await start(target));
    for (const target of running) await check(target);
    console.log(`correctness: all ${running.length} targets issue tokens that verify against their JWKS`);
    console.log(
      `load: ${connections} connections, POST /token (client_secret_basic), ${warmupSeconds} s warm-up, ` +
        `${rounds} rounds of ${roundSeconds} s, targets interleaved\n`,
    );

    for (const target of running) {
      process.stdout.write(`warm-up ${target.label}…\n`);
      await drive(target, warmupSeconds);
    }
    const results = new Map<TargetName, Round[]>(running.map((target) => [target.name, []]));
    for (let round = 1; round <= rounds; round++) {
      for (const target of running) {
        const result = await drive(target, roundSeconds);
        results.get(target.name)!.push(result);
        process.stdout.write(
          `round ${round} ${target.label}: ${result.tokensPerSecond.toFixed(0)} tokens/s` +
            (result.non2xx + result.errors > 0 ? ` (${result.non2xx} non-2xx, ${result.errors} errors)` : "") +
            "\n",
        );
      }
    }

    const summary = running.map((target) => {
      const byRound = results.get(target.name)!;
      return {
        name: target.name,
        label: target.label,
        tokensPerSecond: median(byRound.map((r) => r.tokensPerSecond)),
        minTokensPerSecond: Math.min(...byRound.map((r) => r.tokensPerSecond)),
        maxTokensPerSecond: Math.max(...byRound.map((r) => r.tokensPerSecond)),
        p50: median(byRound.map((r) => r.p50)),
        p99: median(byRound.map((r) => r.p99)),
        failures: byRound.reduce((sum, r) => sum + r.non2xx + r.errors, 0),
        rounds: byRound,
      };
    });
    const baselineRow = summary[0]!;
    const baseline = baselineRow.tokensPerSecond;
    // Honest about noise: a difference is claimed only when the round ranges do not overlap.
    const verdict = (row: (typeof summary)[number]): string => {
      if (row === baselineRow) return "baseline";
      if (row.minTokensPerSecond > baselineRow.maxTokensPerSecond) return "faster";
      if (row.maxTokensPerSecond < baselineRow.minTokensPerSecond) return "slower";
      return "within noise";
    };

    console.log(
      `\n${table([
        ["target", "tokens/s (median)", "rounds min–max", "p50 ms", "p99 ms", "vs @tessera/node", "verdict", "failed"],
        ...summary.map((row) => [
          row.label,
          row.tokensPerSecond.toFixed(0),
          `${row.minTokensPerSecond.toFixed(0)}–${row.maxTokensPerSecond.toFixed(0)}`,
          row.p50.toFixed(0),
          row.p99.toFixed(0),
          `${(row.tokensPerSecond / baseline).toFixed(2)}×`,
          verdict(row),
          String(row.failures),
        ]),
      ])}\n\n"within noise": the target's rounds overlap the baseline's, so no difference is claimed.\n`,
    );

    const cpu = cpus();
    const report = {
      date: new Date().toISOString(),
      node: process.version,
      platform: `${platform()} ${release()}`,
      cpu: { model: cpu[0]?.model ?? "unknown", count: cpu.length },
      config: { connections, warmupSeconds, roundSeconds, rounds, request: "POST /token, client_credentials, client_secret_basic" },
      baseline: summary[0]!.label,
      targets: summary.map((row) => ({ ...row, ratio: row.tokensPerSecond / baseline, verdict: verdict(row) })),
    };
    const file = new URL("../results/latest.json", import.meta.url);
    await mkdir(new URL(".", file), { recursive: true });
    await writeFile(file, `${JSON.stringify(report, null, 2)}\n`);
    console.log(`written ${fileURLToPath(file)}`);
    if (summary.some((row) => row.failures > 0)) {
      console.error("some requests failed: the numbers above are not comparable");
      process.exitCode = 1;
    }
  } finally {
    for (const target of running) target.child.kill();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
