import type { ConformanceResult } from "./suite.js";

/** The last line of a report: `conformance on <runtime>: N passed, N failed`. */
const summaryLine = /^conformance on (.+): (\d+) passed, (\d+) failed$/;

/**
 * A run's results as plain lines, after TAP: `ok - <check>` for each check that passed,
 * `not ok - <check>` followed by one `  # <problem>` line per problem for each that failed, and
 * last the summary `conformance on <runtime>: N passed, N failed`.
 */
export function formatReport(runtime: string, results: readonly ConformanceResult[]): string {
  const lines: string[] = [];
  for (const { name, problems } of results) {
    lines.push(`${problems.length === 0 ? "ok" : "not ok"} - ${oneLine(name)}`);
    for (const problem of problems) lines.push(`  # ${oneLine(problem)}`);
  }
  const failed = results.filter(({ problems }) => problems.length > 0).length;
  lines.push(`conformance on ${oneLine(runtime)}: ${results.length - failed} passed, ${failed} failed`);
  return lines.join("\n");
}

/** What {@link parseReport} reads back from a runner's output. */
export interface ParsedReport {
  /** The runtime the summary line names; `undefined` without one (the runner did not finish). */
  readonly runtime: string | undefined;
  /** Each check's problems (none when it passed), by name, in the order reported. */
  readonly results: ReadonlyMap<string, readonly string[]>;
  readonly passed: number;
  readonly failed: number;
}

/** Reads a report back from a runner's output; other lines are skipped. */
export function parseReport(output: string): ParsedReport {
  const results = new Map<string, string[]>();
  const failing = new Set<string[]>();
  let current: string[] | undefined;
  let summary: RegExpExecArray | null = null;
  for (const line of output.split(/\r?\n/)) {
    const result = /^(ok|not ok) - (.*)$/.exec(line);
    if (result !== null) {
      current = [];
      results.set(result[2] ?? "", current);
      if (result[1] === "not ok") failing.add(current);
    } else if (line.startsWith("  # ") && current !== undefined) {
      current.push(line.slice(4));
    } else {
      summary = summaryLine.exec(line) ?? summary;
    }
  }
  // A failure reported without its problems still fails.
  for (const problems of failing) if (problems.length === 0) problems.push("not ok");
  return {
    runtime: summary?.[1],
    results,
    passed: Number(summary?.[2] ?? 0),
    failed: Number(summary?.[3] ?? 0),
  };
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}
