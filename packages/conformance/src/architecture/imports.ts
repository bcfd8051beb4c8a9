import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import ts from "typescript";

/** One module of a package's `src`, and the modules of that `src` it imports (type-only ones too). */
export interface ModuleImports {
  /** Path relative to the `src` folder, with `/` separators. */
  readonly module: string;
  readonly imports: readonly string[];
}

/** Every `.ts` file under `dir`, recursively. */
function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts") ? [path] : [];
  });
}

/**
 * The import graph of one package's `src`: for each module, the relative imports it makes
 * (`import`, `import type`, `export … from` and `import()`), resolved to modules of the same `src`.
 */
export function importGraph(srcDir: string): ModuleImports[] {
  return sourceFiles(srcDir).map((file) => {
    const { importedFiles } = ts.preProcessFile(readFileSync(file, "utf8"), true, true);
    const imports = importedFiles
      .map(({ fileName }) => fileName)
      .filter((specifier) => specifier.startsWith("."))
      .map((specifier) => toModule(srcDir, resolve(dirname(file), specifier.replace(/\.js$/, ".ts"))));
    return { module: toModule(srcDir, file), imports: [...new Set(imports)] };
  });
}

function toModule(srcDir: string, file: string): string {
  return relative(srcDir, file).split(sep).join("/");
}

/** The import cycles of a graph, each as the modules it runs through (Tarjan's strongly connected components). */
export function importCycles(graph: readonly ModuleImports[]): string[][] {
  const edges = new Map(graph.map(({ module, imports }) => [module, imports]));
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  let next = 0;

  function visit(module: string): void {
    index.set(module, next);
    low.set(module, next++);
    stack.push(module);
    onStack.add(module);
    for (const target of edges.get(module) ?? []) {
      if (!edges.has(target)) continue;
      if (!index.has(target)) {
        visit(target);
        low.set(module, Math.min(low.get(module)!, low.get(target)!));
      } else if (onStack.has(target)) {
        low.set(module, Math.min(low.get(module)!, index.get(target)!));
      }
    }
    if (low.get(module) !== index.get(module)) return;
    const component: string[] = [];
    let member: string | undefined;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      component.push(member);
    } while (member !== module);
    if (component.length > 1 || edges.get(module)?.includes(module)) cycles.push(component.sort());
  }

  for (const module of edges.keys()) if (!index.has(module)) visit(module);
  return cycles;
}

/**
 * The layers of `@tessera/core`, bottom first, and what each may import. Imports point downward:
 * `lib/` knows nothing of ours; the authorization server and the resource server stand side by
 * side and never import each other; the public entries at the top may import anything.
 */
export const coreLayers: Readonly<Record<string, readonly string[]>> = {
  lib: ["lib"],
  protocol: ["lib", "protocol"],
  http: ["lib", "protocol", "http"],
  storage: ["lib", "protocol", "storage"],
  tokens: ["lib", "protocol", "storage", "tokens"],
  "authorization-server": ["lib", "protocol", "http", "storage", "tokens", "authorization-server"],
  "resource-server": ["lib", "protocol", "http", "storage", "tokens", "resource-server"],
};

/** The layer of a core module: its top folder, or `entry` for the public entry points beside them. */
export function layerOf(module: string): string {
  const slash = module.indexOf("/");
  return slash === -1 ? "entry" : module.slice(0, slash);
}

/** Whether a module is a test or a test's helper, which may reach for the public entries. */
export function isTestModule(module: string): boolean {
  return /\.test(?:\.helpers)?\.ts$/.test(module);
}

/** Every import of the core that breaks {@link coreLayers}, as `importer -> imported`. */
export function layerViolations(graph: readonly ModuleImports[]): string[] {
  const violations: string[] = [];
  for (const { module, imports } of graph) {
    const layer = layerOf(module);
    if (layer === "entry" || isTestModule(module)) continue;
    const allowed = coreLayers[layer];
    for (const target of imports) {
      if (allowed === undefined || !allowed.includes(layerOf(target))) violations.push(`${module} -> ${target}`);
    }
  }
  return violations;
}
