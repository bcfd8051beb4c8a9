/**
 * A fetch-handler target on Bun or Deno (servers/fetch-handlers.ts), as each runtime serves one:
 * `bun dist/runtimes/serve.js <target> <alg>` runs `Bun.serve`, `deno run --allow-env --allow-net
 * --allow-read dist/runtimes/serve.js <target> <alg>` runs `Deno.serve`, on 127.0.0.1 and an
 * ephemeral port. It prints `BENCH-READY <port>` once listening; the bench reads its CPU time and
 * memory from /proc (neither runtime speaks Node's IPC as a bench worker needs). The run's keys
 * come in `BENCH_KEYS`, a verifier group's tokens in `BENCH_TOKENS_FILE`.
 */
import { isAlg, keysFromEnvironment } from "../fixture.js";
import { fetchHandler, type FetchHandler } from "../servers/fetch-handlers.js";
import { fetchTargets, type FetchTarget } from "../target-names.js";

interface BunServe {
  serve(options: { port: number; hostname: string; fetch: FetchHandler }): { port: number };
}
interface DenoServe {
  serve(options: { port: number; hostname: string; onListen: () => void }, handler: FetchHandler): { addr: { port: number } };
}

const hostname = "127.0.0.1";
const [target, alg] = process.argv.slice(2);
if (!fetchTargets.includes(target as FetchTarget)) throw new Error(`unknown fetch target ${String(target)}`);
if (!isAlg(alg)) throw new Error(`unknown algorithm ${String(alg)}`);

const handler = await fetchHandler(target as FetchTarget, alg, keysFromEnvironment()[alg]);
const { Bun, Deno } = globalThis as { Bun?: BunServe; Deno?: DenoServe };
let port: number;
if (Bun !== undefined) port = Bun.serve({ port: 0, hostname, fetch: handler }).port;
else if (Deno !== undefined) port = Deno.serve({ port: 0, hostname, onListen: () => {} }, handler).addr.port;
else throw new Error("serve.js runs on Bun or Deno");
console.log(`BENCH-READY ${port}`);
