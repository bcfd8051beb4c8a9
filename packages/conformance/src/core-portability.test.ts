import { readdir, readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { workerdBuildOptions } from "./suite/workerd.js";

const coreDirectory = new URL("../../core/", import.meta.url);
const coreSource = new URL("src/", coreDirectory);

/**
 * Size budgets of `@tessera/core` with jose, bundled and minified, in bytes: a token server's
 * imports (`createAuthorizationServer`, `clientCredentialsGrant`, `InMemoryClientRepository`:
 * what tree-shaking leaves when only the authorization server is used), and every export. The
 * README's "Runtimes" section states the sizes this test prints.
 */
const bundles = [
  {
    name: "a token server's imports",
    entry: 'export { clientCredentialsGrant, createAuthorizationServer, InMemoryClientRepository } from "@tessera/core";',
    // Raised from 55 kB / 19 kB with private_key_jwt and DPoP (issue 14), measured at 87.5 kB /
    // 29.4 kB: jose's JWT verification, embedded-JWK and local and remote key sets (about 18 kB),
    // and the client authentication strategies, DPoP proofs and nonces and PS256 import (about
    // 17 kB). See docs/decisions/2026-12-07-key-bound-clients.md. Then from 90 kB / 30.5 kB with
    // the health probes, the requestCompleted, lockoutStarted and key events and the lockout per
    // peer (issue 15; measured 90.9 kB / 30.6 kB). See docs/decisions/2026-12-07-operability.md.
    budget: { minified: 93_000, gzipped: 31_500 },
  },
  {
    name: "every export",
    entry: 'export * from "@tessera/core";',
    // Raised from 85 kB with MemoryStore, the storage contract in memory (+7 kB minified), then
    // from 96 kB / 32 kB with private_key_jwt and DPoP at both servers (measured 110.8 kB / 36.2 kB),
    // then with the local copies of a shared store (ChangeFollower, RevocationSet, ClientCache,
    // CachedCounterStore; the in-memory token repository gone: measured 119.7 kB / 38.9 kB), then
    // with the health probes and the operational events (issue 15; measured 122.6 kB / 39.8 kB).
    budget: { minified: 125_000, gzipped: 41_000 },
  },
] as const;

/** Identifiers that exist only on Node (or in CommonJS), never in the core. */
const nodeGlobals: ReadonlySet<string> = new Set([
  "Buffer",
  "process",
  "require",
  "module",
  "exports",
  "__dirname",
  "__filename",
  "global",
  "setImmediate",
  "clearImmediate",
]);

/** The core's modules: every `.ts` file under src but tests and declarations. */
async function coreModules(): Promise<string[]> {
  const files = await readdir(coreSource, { recursive: true });
  return files
    .map((file) => file.replaceAll("\\", "/"))
    .filter((file) => file.endsWith(".ts") && !file.endsWith(".d.ts") && !/\.test(\.helpers)?\.ts$/.test(file))
    .sort();
}

/**
 * What `file` imports from outside the core (module specifiers that are not relative), and every
 * use of a Node global, found in its syntax tree so that comments and strings cannot confuse it.
 */
function outsideReferences(file: string, code: string): { imports: string[]; globals: string[] } {
  const source = ts.createSourceFile(file, code, ts.ScriptTarget.ES2022, true);
  const imports: string[] = [];
  const globals: string[] = [];
  const visit = (node: ts.Node): void => {
    const specifier =
      ts.isImportDeclaration(node) || ts.isExportDeclaration(node)
        ? node.moduleSpecifier
        : ts.isCallExpression(node) && (node.expression.kind === ts.SyntaxKind.ImportKeyword || isRequire(node.expression))
          ? node.arguments[0]
          : ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)
            ? node.argument.literal
            : undefined;
    if (specifier !== undefined && ts.isStringLiteralLike(specifier) && !specifier.text.startsWith(".")) {
      imports.push(specifier.text);
    }
    if (ts.isIdentifier(node) && nodeGlobals.has(node.text) && !isPropertyName(node)) {
      const { line } = source.getLineAndCharacterOfPosition(node.getStart());
      globals.push(`${file}:${line + 1}: ${node.text}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return { imports, globals };
}

function isRequire(expression: ts.Expression): boolean {
  return ts.isIdentifier(expression) && expression.text === "require";
}

/** `x.process`, `{ process: 1 }`, `class { process() {} }`: a name, not the global. */
function isPropertyName(node: ts.Identifier): boolean {
  const { parent } = node;
  return (
    (ts.isPropertyAccessExpression(parent) && parent.name === node) ||
    ((ts.isPropertyAssignment(parent) ||
      ts.isPropertyDeclaration(parent) ||
      ts.isPropertySignature(parent) ||
      ts.isMethodDeclaration(parent) ||
      ts.isMethodSignature(parent)) &&
      parent.name === node)
  );
}

function kilobytes(bytes: number): string {
  return (bytes / 1000).toFixed(1);
}

describe("@tessera/core is runtime-agnostic and small", () => {
  it("imports nothing but jose and its own modules: no node: module, no Node built-in", async () => {
    const modules = await coreModules();
    expect(modules).toContain("index.ts");
    const imported = new Set<string>();
    for (const file of modules) {
      for (const specifier of outsideReferences(file, await readFile(new URL(file, coreSource), "utf8")).imports) {
        imported.add(specifier);
      }
    }
    expect([...imported].sort()).toEqual(["jose"]);
  });

  it("uses no Node global: Buffer, process, require, __dirname, setImmediate, …", async () => {
    const uses: string[] = [];
    for (const file of await coreModules()) {
      uses.push(...outsideReferences(file, await readFile(new URL(file, coreSource), "utf8")).globals);
    }
    expect(uses).toEqual([]);
  });

  it("finds a Node global or import where there is one (the scan itself works)", () => {
    const { imports, globals } = outsideReferences(
      "probe.ts",
      `// process.exit() in a comment, "Buffer" in a string
       import { x } from "node:crypto";
       const y = { process: 1 }.process;
       export const z = () => import("fs").then(() => Buffer.from(process.env.A ?? ""));`,
    );
    expect(imports).toEqual(["node:crypto", "fs"]);
    expect(globals).toEqual(["probe.ts:4: Buffer", "probe.ts:4: process"]);
  });

  it("depends on jose alone", async () => {
    const manifest = JSON.parse(await readFile(new URL("package.json", coreDirectory), "utf8")) as Record<string, unknown>;
    expect(Object.keys((manifest.dependencies as object | undefined) ?? {})).toEqual(["jose"]);
    expect(manifest.peerDependencies).toBeUndefined();
  });

  it.each(bundles)("bundles with jose for a platform without Node built-ins, within budget: $name", async ({ name, entry, budget }) => {
    // As a Worker is bundled: a node: import would not resolve, and the build would fail.
    const result = await build({
      ...workerdBuildOptions,
      stdin: { contents: entry, resolveDir: fileURLToPath(new URL("../", import.meta.url)) },
      minify: true,
      metafile: true,
    });
    const bundle = result.outputFiles[0]?.contents ?? new Uint8Array();
    const size = { minified: bundle.length, gzipped: gzipSync(bundle, { level: 9 }).length };
    console.log(
      `@tessera/core with jose, ${name}, bundled and minified: ${kilobytes(size.minified)} kB, ` +
        `${kilobytes(size.gzipped)} kB gzipped (budget ${kilobytes(budget.minified)} kB, ${kilobytes(budget.gzipped)} kB)`,
    );
    // Built from the core's dist and jose alone.
    const inputs = Object.keys(result.metafile.inputs).filter((input) => input !== "<stdin>");
    expect(inputs.some((input) => /(^|\/)core\/dist\//.test(input))).toBe(true);
    expect(inputs.filter((input) => !/(^|\/)(core\/dist|jose\/dist)\//.test(input))).toEqual([]);
    expect(size.minified).toBeLessThanOrEqual(budget.minified);
    expect(size.gzipped).toBeLessThanOrEqual(budget.gzipped);
  });
});
