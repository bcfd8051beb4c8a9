// Every TypeScript snippet of the READMEs compiles against the workspace's packages, as a user's
// code would import them (see extract.ts for the conventions that mark a snippet as partial).
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { extractSnippets } from "./extract.js";

const repository = fileURLToPath(new URL("../../../../", import.meta.url));
/** Where the snippets seem to be, so that they resolve packages as this package does. */
const home = fileURLToPath(new URL("./", import.meta.url));

const readmes = [
  "README.md",
  "examples/README.md",
  ...readdirSync(join(repository, "packages")).map((name) => join("packages", name, "README.md")),
].filter((path) => existsSync(join(repository, path)));

const options: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  lib: ["lib.es2022.d.ts", "lib.dom.d.ts"],
  types: ["node"],
  strict: true,
  exactOptionalPropertyTypes: true,
  noUncheckedIndexedAccess: true,
  noEmit: true,
  skipLibCheck: true,
  allowImportingTsExtensions: true,
};

interface Compiled {
  readonly file: string;
  readonly readme: string;
  readonly line: number;
  readonly preambleLines: number;
  readonly text: string;
}

function snippetFiles(): Compiled[] {
  return readmes.flatMap((readme) =>
    extractSnippets(readFileSync(join(repository, readme), "utf8")).flatMap((snippet, index) => {
      if (snippet.skip) return [];
      const file = join(home, `__${readme.replace(/[/.]/g, "_")}_${index}.ts`);
      const preambleLines = snippet.preamble === "" ? 0 : snippet.preamble.split("\n").length;
      const text = `${snippet.preamble}${snippet.preamble === "" ? "" : "\n"}${snippet.code}\nexport {};\n`;
      return [{ file, readme, line: snippet.line, preambleLines, text }];
    }),
  );
}

/** The compiler's complaints about `snippets`, each as `README.md:123: message`. */
function diagnose(snippets: readonly Compiled[]): string[] {
  const byFile = new Map(snippets.map((snippet) => [snippet.file, snippet]));
  const host = ts.createCompilerHost(options);
  const { getSourceFile, fileExists, readFile } = host;
  host.getSourceFile = (name, language, ...rest) => {
    const snippet = byFile.get(name);
    return snippet === undefined ? getSourceFile.call(host, name, language, ...rest) : ts.createSourceFile(name, snippet.text, language);
  };
  host.fileExists = (name) => byFile.has(name) || fileExists.call(host, name);
  host.readFile = (name) => byFile.get(name)?.text ?? readFile.call(host, name);
  const program = ts.createProgram([...byFile.keys()], options, host);
  return ts.getPreEmitDiagnostics(program).map((diagnostic) => {
    const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n");
    const snippet = diagnostic.file === undefined ? undefined : byFile.get(diagnostic.file.fileName);
    if (snippet === undefined || diagnostic.file === undefined || diagnostic.start === undefined) return message;
    const { line } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
    const where = line < snippet.preambleLines ? `the preamble of the snippet at line ${snippet.line}` : `${snippet.line + line - snippet.preambleLines}`;
    return `${snippet.readme}:${where}: TS${diagnostic.code}: ${message}`;
  });
}

describe("the READMEs' TypeScript snippets", () => {
  const snippets = snippetFiles();

  it("are found in the root README and the packages' READMEs", () => {
    expect([...new Set(snippets.map((snippet) => snippet.readme))]).toEqual(expect.arrayContaining(["README.md", "packages/core/README.md", "packages/postgres/README.md"]));
  });

  it("compile against the packages, strictly", () => {
    expect(diagnose(snippets)).toEqual([]);
  }, 120_000);
});
