/**
 * The TypeScript snippets of a Markdown file: every fenced block opened with ```ts (or
 * ```typescript). The HTML comment right before a block, hidden where the Markdown is shown,
 * may say how to check it:
 *
 * - `<!-- snippet: skip -->` (with a reason after a colon, if any): not checked, for a block
 *   that is deliberately partial or is compiled elsewhere;
 * - `<!-- snippet` … `-->` with TypeScript lines in between: a preamble compiled before the
 *   block, which imports or declares the names the prose gives it (`options`, `server`, …).
 *
 * Each snippet is compiled as a module of its own, so it may `import` and `await` at top level.
 */
export interface Snippet {
  /** The block's code. */
  readonly code: string;
  /** The preamble's code; empty without one. */
  readonly preamble: string;
  /** Whether a `<!-- snippet: skip -->` comment precedes it. */
  readonly skip: boolean;
  /** The line of the block's first line of code, counting from 1. */
  readonly line: number;
}

/** A fence line: three or more backticks or tildes, then the block's language. */
const fence = /^(`{3,}|~{3,})\s*([\w-]*)/;
const typescript = new Set(["ts", "typescript"]);
const skipComment = /^<!--\s*snippet:\s*skip\b.*-->\s*$/;

/** The snippets of `markdown`, in order; blocks inside other blocks (```` ````md ````) are not snippets. */
export function extractSnippets(markdown: string): Snippet[] {
  const lines = markdown.split("\n");
  const snippets: Snippet[] = [];
  let comment: { text: string; end: number } | undefined;
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index] ?? "";
    if (line.startsWith("<!--")) {
      const end = lines.findIndex((candidate, at) => at >= index && candidate.includes("-->"));
      if (end === -1) break;
      comment = { text: lines.slice(index, end + 1).join("\n"), end };
      index = end;
      continue;
    }
    const [, marker, language = ""] = fence.exec(line) ?? [];
    if (marker === undefined) continue;
    const close = lines.findIndex((candidate, at) => at > index && closes(candidate, marker));
    if (close === -1) throw new Error(`line ${index + 1}: a code block that is never closed`);
    if (typescript.has(language)) {
      const text = comment?.text ?? "";
      const attached = comment !== undefined && lines.slice(comment.end + 1, index).every((between) => between.trim() === "");
      snippets.push({
        code: lines.slice(index + 1, close).join("\n"),
        preamble: attached ? preambleOf(text) : "",
        skip: attached && skipComment.test(text),
        line: index + 2,
      });
    }
    comment = undefined;
    index = close;
  }
  return snippets;
}

/** Whether `line` closes a block opened with `marker`: only that character, at least as many. */
function closes(line: string, marker: string): boolean {
  const trimmed = line.trimEnd();
  return trimmed.startsWith(marker) && /^(?:`+|~+)$/.test(trimmed);
}

/** The code between `<!-- snippet` and `-->`; empty for any other comment. */
function preambleOf(comment: string): string {
  const match = /^<!--\s*snippet\s*\n([\s\S]*?)\n?\s*-->$/.exec(comment);
  return match?.[1] ?? "";
}
