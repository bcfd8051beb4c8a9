/** Collects what a check finds wrong, as plain strings (the suite runs where no test runner does). */
export class Problems {
  readonly list: string[] = [];

  check(ok: boolean, problem: string): void {
    if (!ok) this.list.push(problem);
  }

  /** Deep equality of JSON-like values, key order ignored. */
  equal(actual: unknown, expected: unknown, what: string): void {
    if (canonical(actual) !== canonical(expected)) {
      this.list.push(`${what}: ${canonical(actual)}, expected ${canonical(expected)}`);
    }
  }

  /** Expects `work` to reject with a `TypeError` whose `code` is `ERR_INVALID_ARG_VALUE`. */
  async rejectsInput(work: () => Promise<unknown>, what: string): Promise<void> {
    try {
      await work();
      this.list.push(`${what}: accepted`);
    } catch (error) {
      const code = (error as { code?: unknown } | null)?.code;
      if (!(error instanceof TypeError) || code !== "ERR_INVALID_ARG_VALUE") {
        this.list.push(`${what}: threw ${describe(error)}, expected a TypeError with code ERR_INVALID_ARG_VALUE`);
      }
    }
  }
}

/** `value` as JSON with object keys sorted, `undefined` properties left out. */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    typeof inner === "object" && inner !== null && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : inner,
  ) ?? "undefined";
}

/** An error's name and message, for a report. */
export function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/** Resolves after `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
