import { readFileSync } from "node:fs";
import ts from "typescript";

/** A function longer than the limit: where it starts and how many lines it spans. */
export interface LongFunction {
  readonly name: string;
  readonly line: number;
  readonly lines: number;
}

/**
 * The functions of a file (declarations, methods, arrow functions and function expressions)
 * that span more than `maxLines` lines. A function's lines include its signature and body, and
 * those of the functions nested in it.
 */
export function longFunctions(file: string, maxLines: number): LongFunction[] {
  const text = readFileSync(file, "utf8");
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true);
  const found: LongFunction[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node) && "body" in node && node.body !== undefined) {
      const start = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
      const end = source.getLineAndCharacterOfPosition(node.getEnd()).line;
      if (end - start + 1 > maxLines) found.push({ name: nameOf(node), line: start + 1, lines: end - start + 1 });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

function nameOf(node: ts.SignatureDeclaration): string {
  if (node.name !== undefined && ts.isIdentifier(node.name)) return node.name.text;
  const parent = node.parent;
  if (ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) return parent.name.text;
  if (ts.isPropertyAssignment(parent) && ts.isIdentifier(parent.name)) return parent.name.text;
  return "(anonymous)";
}

/** How many lines a file has. */
export function lineCount(file: string): number {
  return readFileSync(file, "utf8").split("\n").length;
}
