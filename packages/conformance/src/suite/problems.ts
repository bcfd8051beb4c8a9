/** Collects what a check finds wrong. */
export class Problems {
  readonly list: string[] = [];

  check(ok: boolean, problem: string): void {
    if (!ok) this.list.push(problem);
  }

  equal(actual: unknown, expected: unknown, what: string): void {
    if (!Object.is(actual, expected)) this.list.push(`${what}: ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`);
  }
}
