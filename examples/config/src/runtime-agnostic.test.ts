import { readdir, readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";

const sourceDirectory = new URL("./", import.meta.url);

describe("the package's main entry", () => {
  it("uses nothing Node-specific, so Deno, Bun and Workers examples can share it", async () => {
    // Everything but tests.
    const modules = (await readdir(sourceDirectory)).filter((name) => name.endsWith(".ts") && !name.endsWith(".test.ts"));
    expect(modules).toContain("index.ts");
    for (const name of modules) {
      const code = (await readFile(new URL(name, sourceDirectory), "utf8")).replace(/\/\*[\s\S]*?\*\//g, "");
      expect({ name, nodeImport: /from\s+["']node:|import\(["']node:/.test(code) }).toEqual({ name, nodeImport: false });
      expect({ name, nodeGlobal: /\b(process|Buffer|__dirname|require)\b[.(]/.test(code) }).toEqual({ name, nodeGlobal: false });
    }
  });
});
