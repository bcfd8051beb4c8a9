/**
 * Settings of the property-based (fast-check) tests. In the normal test suite they run a small,
 * fixed number of cases from a fixed seed, so a failure reproduces. `pnpm fuzz` sets `FUZZ=1`:
 * many more cases (`FUZZ_RUNS`, default 20 000 per property) or a time budget per property
 * (`FUZZ_SECONDS`), from a random seed unless `FUZZ_SEED` is given; fast-check prints the seed
 * and the shrunk counterexample of any failure.
 */
import fc, { type IAsyncProperty, type Parameters as FastCheckParameters } from "fast-check";

// Core code may not touch `process`; a test helper may, through globalThis, so that the core's
// `types: []` compilation still holds.
const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env ?? {};

const fuzzing = env.FUZZ === "1";
const seconds = Number(env.FUZZ_SECONDS);
const timeBudget = fuzzing && seconds > 0 ? seconds * 1000 : undefined;

function positive(value: string | undefined): number | undefined {
  const number = Number(value);
  return Number.isSafeInteger(number) && number > 0 ? number : undefined;
}

/** The fast-check parameters of a property that runs `inSuite` cases in the normal suite. */
export function fuzzParameters<T>(inSuite: number): FastCheckParameters<T> {
  const seed = env.FUZZ_SEED !== undefined && env.FUZZ_SEED !== "" ? Number(env.FUZZ_SEED) : fuzzing ? Date.now() : 20_261_126;
  if (timeBudget !== undefined) {
    return { seed, numRuns: Number.MAX_SAFE_INTEGER, interruptAfterTimeLimit: timeBudget, markInterruptAsFailure: false };
  }
  return { seed, numRuns: fuzzing ? (positive(env.FUZZ_RUNS) ?? 20_000) : inSuite };
}

/** The vitest timeout of such a property, in milliseconds. */
export function fuzzTimeout(inSuite: number): number {
  if (timeBudget !== undefined) return timeBudget + 60_000;
  return fuzzing ? 60_000 + (positive(env.FUZZ_RUNS) ?? 20_000) * 50 : 20_000 + inSuite * 20;
}

/**
 * Checks an asynchronous property with {@link fuzzParameters}, failing with fast-check's report
 * (seed, path and shrunk counterexample). Under `pnpm fuzz`, prints how many cases ran and from
 * which seed, so a long run says what it covered.
 */
export async function assertProperty<T>(name: string, property: IAsyncProperty<T>, inSuite: number): Promise<void> {
  const details = await fc.check(property, fuzzParameters<T>(inSuite));
  if (fuzzing) {
    const stopped = details.interrupted ? ", stopped by FUZZ_SECONDS" : "";
    console.log(`fuzz: ${name}: ${details.numRuns} cases (${details.numSkips} skipped), seed ${details.seed}${stopped}`);
  }
  if (details.failed) throw new Error(fc.defaultReportMessage(details));
}
