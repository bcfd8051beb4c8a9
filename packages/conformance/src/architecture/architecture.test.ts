import { existsSync, readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { coreLayers, importCycles, importGraph, isTestModule, layerOf, layerViolations } from "./imports.js";
import { lineCount, longFunctions } from "./size.js";

const repository = fileURLToPath(new URL("../../../../", import.meta.url));
const coreSrc = join(repository, "packages/core/src");
/** Every `src` of the packages and the examples, by `<folder>/<name>`. */
const packageSources = ["packages", "examples", "examples/frameworks"].flatMap((folder) =>
  readdirSync(join(repository, folder))
    .map((name) => ({ name: `${folder}/${name}`, src: join(repository, folder, name, "src") }))
    .filter(({ src }) => existsSync(src)),
);

/** Source files allowed past the size limit: tables of test data, which read best whole. */
const dataTables = new Set([
  "packages/conformance/src/tables/token-endpoint.ts",
  "packages/conformance/src/tables/token-management.ts",
]);

describe("the import graph", () => {
  it.each(packageSources.map(({ name, src }) => [name, src] as const))(
    "has no cycle in %s/src, type-only imports included",
    (_name, src) => {
      expect(importCycles(importGraph(src))).toEqual([]);
    },
  );

  it("keeps the core's imports pointing down its layers", () => {
    expect(layerViolations(importGraph(coreSrc))).toEqual([]);
  });

  it("knows every folder of the core as a layer", () => {
    const folders = new Set(importGraph(coreSrc).map(({ module }) => layerOf(module)));
    folders.delete("entry");
    expect([...folders].filter((folder) => coreLayers[folder] === undefined)).toEqual([]);
  });

  it("catches what it is meant to catch", () => {
    const graph = [
      { module: "lib/a.ts", imports: ["protocol/b.ts"] },
      { module: "protocol/b.ts", imports: ["lib/a.ts"] },
      { module: "authorization-server/c.ts", imports: ["resource-server/d.ts"] },
      { module: "resource-server/d.ts", imports: [] },
      { module: "authorization-server/c.test.ts", imports: ["index.ts"] },
    ];
    expect(importCycles(graph)).toEqual([["lib/a.ts", "protocol/b.ts"]]);
    expect(layerViolations(graph)).toEqual(["lib/a.ts -> protocol/b.ts", "authorization-server/c.ts -> resource-server/d.ts"]);
    expect(isTestModule("authorization-server/c.test.ts")).toBe(true);
  });
});

describe("the size of the source", () => {
  const sources = packageSources.flatMap(({ name, src }) =>
    importGraph(src)
      .filter(({ module }) => !isTestModule(module))
      .map(({ module }) => ({ id: `${name}/src/${module}`, file: join(src, module) })),
  );

  it("has no source file over 300 lines, tables of test data excepted", () => {
    const long = sources.filter(({ id, file }) => !dataTables.has(id) && lineCount(file) > 300);
    expect(long.map(({ id, file }) => `${id}: ${lineCount(file)} lines`)).toEqual([]);
  });

  it("has no function over 60 lines", () => {
    const long = sources.flatMap(({ id, file }) =>
      longFunctions(file, 60).map(({ name, line, lines }) => `${id}:${line} ${name} (${lines} lines)`),
    );
    expect(long).toEqual([]);
  });
});
