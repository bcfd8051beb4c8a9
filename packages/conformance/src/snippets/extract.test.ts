import { describe, expect, it } from "vitest";
import { extractSnippets } from "./extract.js";

const markdown = [
  "# Title",
  "```ts",
  "const a = 1;",
  "```",
  "<!-- snippet: skip: partial on purpose -->",
  "```typescript",
  "…",
  "```",
  "<!-- snippet",
  "declare const server: unknown;",
  "-->",
  "",
  "```ts",
  "server;",
  "```",
  "<!-- a comment about something else -->",
  "```ts",
  "const b = 2;",
  "```",
  "````md",
  "```ts",
  "not a snippet",
  "```",
  "````",
  "```sh",
  "echo not typescript",
  "```",
].join("\n");

describe("extractSnippets", () => {
  it("finds the ts blocks with their preambles and skip marks, not blocks inside other blocks", () => {
    expect(extractSnippets(markdown)).toEqual([
      { code: "const a = 1;", preamble: "", skip: false, line: 3 },
      { code: "…", preamble: "", skip: true, line: 7 },
      { code: "server;", preamble: "declare const server: unknown;", skip: false, line: 14 },
      { code: "const b = 2;", preamble: "", skip: false, line: 18 },
    ]);
  });

  it("refuses a block that is never closed", () => {
    expect(() => extractSnippets("```ts\nconst a = 1;\n")).toThrow(/line 1: a code block that is never closed/);
  });
});
