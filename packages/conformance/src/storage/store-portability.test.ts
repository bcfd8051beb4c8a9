import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";
import { workerdBuildOptions } from "../suite/workerd.js";

/** Identifiers that exist only on Node (or in CommonJS). */
const nodeGlobals = /\b(Buffer|process|require|__dirname|__filename|setImmediate|global)\b/g;

describe.each(["@tessera/postgres", "@tessera/cloudflare"])("%s", (name) => {
  it("bundles for a platform without Node built-ins and uses no Node global", async () => {
    // @tessera/core is the caller's, as a peer dependency; the drivers are never imported.
    const result = await build({
      ...workerdBuildOptions,
      stdin: { contents: `export * from "${name}";`, resolveDir: fileURLToPath(new URL(".", import.meta.url)) },
      external: ["@tessera/core", "@tessera/core/store"],
      minify: true,
    });
    const code = result.outputFiles[0]?.text ?? "";
    expect(code.length).toBeGreaterThan(1000);
    expect(code.match(nodeGlobals) ?? []).toEqual([]);
    const imported = new Set((code.match(/from\s*"([^"]+)"/g) ?? []).map((clause) => clause.replace(/^from\s*/, "")));
    expect([...imported].sort()).toEqual(['"@tessera/core"', '"@tessera/core/store"']);
  });
});
