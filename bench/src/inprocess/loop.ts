/** A closed loop: `concurrency` callers each awaiting one operation after another. */
import type { InProcessRound, SoakSample } from "../protocol.js";

export type Operation = () => Promise<unknown>;

/** Runs `operation` for `seconds`, timing each call. */
export async function runRound(operation: Operation, seconds: number, concurrency: number): Promise<InProcessRound> {
  const latencies = new Samples();
  let operations = 0;
  let failures = 0;
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const end = started + seconds * 1000;
  const caller = async () => {
    while (performance.now() < end) {
      const start = performance.now();
      try {
        await operation();
        latencies.add(performance.now() - start);
        operations++;
      } catch {
        failures++;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, caller));
  const elapsed = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  return {
    operations,
    failures,
    seconds: elapsed,
    p50Ms: latencies.percentile(50),
    p99Ms: latencies.percentile(99),
    cpuUs: cpu.user + cpu.system,
  };
}

/**
 * Runs `operation` `count` times, sampling memory after every `every` completions: after a full
 * garbage collection when the process runs with `--expose-gc`, so that a sample is what the
 * process retains (the calls in flight included) rather than wherever the collector happens to be.
 */
export async function soak(operation: Operation, count: number, every: number, concurrency: number): Promise<SoakSample[]> {
  const samples: SoakSample[] = [];
  let started = 0;
  let completed = 0;
  const caller = async () => {
    while (started < count) {
      started++;
      await operation();
      completed++;
      if (completed % every === 0) {
        collectGarbage?.();
        const { rss, heapUsed } = process.memoryUsage();
        samples.push({ requests: completed, rssBytes: rss, heapUsedBytes: heapUsed });
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, caller));
  return samples;
}

/** `gc()`, when the process runs with `--expose-gc`. */
const collectGarbage = (globalThis as { gc?: () => void }).gc;

/** Latency samples in milliseconds, in a growing typed array (no per-sample allocation). */
class Samples {
  #values = new Float64Array(1 << 16);
  #length = 0;

  add(value: number): void {
    if (this.#length === this.#values.length) {
      const grown = new Float64Array(this.#values.length * 2);
      grown.set(this.#values);
      this.#values = grown;
    }
    this.#values[this.#length++] = value;
  }

  percentile(p: number): number {
    if (this.#length === 0) return Number.NaN;
    const sorted = this.#values.subarray(0, this.#length).sort();
    return sorted[Math.min(this.#length - 1, Math.floor((p / 100) * this.#length))] as number;
  }
}
