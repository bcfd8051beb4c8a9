import { describe, expect, it } from "vitest";
import { formatReport, parseReport } from "./report.js";

describe("the conformance report", () => {
  const results = [
    { name: "token endpoint: GET is not allowed", problems: [] },
    { name: "metadata: the document", problems: ["status 500, expected 200", "header etag: null,\nexpected a tag"] },
    { name: "a check with no problem", problems: [] },
  ];

  it("is one line per check, a line per problem, and the summary last", () => {
    expect(formatReport("deno 2.9.6", results).split("\n")).toEqual([
      "ok - token endpoint: GET is not allowed",
      "not ok - metadata: the document",
      "  # status 500, expected 200",
      "  # header etag: null, expected a tag",
      "ok - a check with no problem",
      "conformance on deno 2.9.6: 2 passed, 1 failed",
    ]);
  });

  it("reads back what it wrote, among other output", () => {
    const report = parseReport(`debug: starting\n${formatReport("bun 1.4.5", results)}\n`);
    expect(report).toEqual({
      runtime: "bun 1.4.5",
      results: new Map([
        ["token endpoint: GET is not allowed", []],
        ["metadata: the document", ["status 500, expected 200", "header etag: null, expected a tag"]],
        ["a check with no problem", []],
      ]),
      passed: 2,
      failed: 1,
    });
  });

  it("counts a failure reported without its problems, and a report cut short has no runtime", () => {
    const report = parseReport("ok - first\nnot ok - second\n");
    expect(report.results.get("second")).toEqual(["not ok"]);
    expect(report.runtime).toBeUndefined();
  });
});
