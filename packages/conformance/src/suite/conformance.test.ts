import * as core from "@tessera/core";
import * as jose from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import type { Exit } from "../process.js";
import { parseReport, type ParsedReport } from "./report.js";
import { conformanceRuntimes, runConformanceOn } from "./runners.js";
import { conformanceChecks } from "./suite.js";

// The checks as the suite lists them, here in Node; each runtime must report exactly these.
const checks = conformanceChecks({ core, jose }).map(({ name }) => name);

describe.each(conformanceRuntimes)("the conformance suite on %s", (runtime) => {
  let exit: Exit;
  let report: ParsedReport;
  beforeAll(async () => {
    exit = await runConformanceOn(runtime);
    report = parseReport(exit.stdout);
  }, 90_000);

  it("runs every check, in order, and exits 0", () => {
    expect({ stderr: exit.stderr, checks: [...report.results.keys()] }).toMatchObject({ checks });
    expect(report.runtime).toMatch(new RegExp(`^${runtime} \\d+\\.\\d+`));
    expect({ passed: report.passed, failed: report.failed, code: exit.code, signal: exit.signal }).toEqual({
      passed: checks.length,
      failed: 0,
      code: 0,
      signal: null,
    });
  });

  it.each(checks)("%s", (name) => {
    expect(report.results.get(name)).toEqual([]);
  });
});
