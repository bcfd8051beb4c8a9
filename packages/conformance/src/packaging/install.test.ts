// The published packages as a user gets them: each is packed with `pnpm pack` (which turns the
// workspace: ranges into real ones), the tarballs are installed with npm, with their real
// dependencies from the registry, into an empty project outside the workspace, and the READMEs'
// snippets run and type-check there. Needs the workspace built (`pnpm build`) and the registry.
import { execFile } from "node:child_process";
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { extractSnippets } from "../snippets/extract.js";

const exec = promisify(execFile);
const repository = fileURLToPath(new URL("../../../../", import.meta.url));
const published = ["core", "adapter-hono", "adapter-node", "postgres", "cloudflare", "cli", "opentelemetry"];

let temporary: string;
let project: string;

/** Runs a command in the project, with the test's own Node first on the PATH. */
async function run(command: string, args: readonly string[], cwd = project): Promise<{ stdout: string; stderr: string }> {
  const env = { ...process.env, PATH: `${join(process.execPath, "..")}:${process.env.PATH ?? ""}`, npm_config_update_notifier: "false" };
  return exec(command, [...args], { cwd, env, maxBuffer: 16 * 1024 * 1024 });
}

beforeAll(async () => {
  temporary = await mkdtemp(join(tmpdir(), "tessera-install-"));
  const tarballs = join(temporary, "tarballs");
  const manifest = JSON.parse(await readFile(join(repository, "package.json"), "utf8")) as { packageManager: string };
  const filters = published.flatMap((name) => ["--filter", `./packages/${name}`]);
  await run("npx", ["-y", manifest.packageManager, "-r", ...filters, "pack", "--pack-destination", tarballs], repository);
  project = join(temporary, "project");
  await mkdir(project);
  await writeFile(join(project, "package.json"), JSON.stringify({ name: "tessera-user", private: true, type: "module" }));
  const files = (await readdir(tarballs)).map((file) => join(tarballs, file));
  expect(files).toHaveLength(published.length);
  // The packages, what the snippets import besides them, and the compiler a user would type-check with.
  await run("npm", ["install", "--no-audit", "--no-fund", ...files, "hono", "pg", "@types/pg", "@cloudflare/workers-types", "typescript@~5.9.3", "@types/node@^20.19.0"]);
}, 240_000);

afterAll(async () => {
  if (temporary !== undefined) await rm(temporary, { recursive: true, force: true });
});

describe("the packed packages, installed with npm outside the workspace", () => {
  it("hold their LICENSE, a README, and no tests, build info or test output", async () => {
    for (const name of ["core", "hono", "node", "postgres", "cloudflare", "cli", "opentelemetry"]) {
      const root = join(project, "node_modules", "@tessera", name);
      const files = await listFiles(root);
      expect(files, name).toEqual(expect.arrayContaining(["LICENSE", "README.md", "package.json"]));
      expect(files.filter((file) => /\.test\.|tsbuildinfo|dist-test|test\.helpers/.test(file)), name).toEqual([]);
      expect(await readFile(join(root, "LICENSE"), "utf8")).toBe(await readFile(join(repository, "LICENSE"), "utf8"));
      const manifest = JSON.parse(await readFile(join(root, "package.json"), "utf8")) as Record<string, Record<string, string> | undefined>;
      for (const range of [...Object.values(manifest.dependencies ?? {}), ...Object.values(manifest.peerDependencies ?? {})]) {
        expect(range, name).not.toMatch(/^workspace:/);
      }
      // Every source map names sources that the package holds.
      for (const map of files.filter((file) => file.endsWith(".map"))) {
        const { sources } = JSON.parse(await readFile(join(root, map), "utf8")) as { sources: string[] };
        for (const source of sources) expect(files, `${name}/${map}`).toContain(join(map, "..", source));
      }
    }
  });

  it("run the core README's snippet: a server that issues a token in-process", async () => {
    const [snippet] = extractSnippets(await readFile(join(repository, "packages/core/README.md"), "utf8"));
    await writeFile(join(project, "core-readme.mjs"), snippet?.code ?? "");
    const { stdout } = await run(process.execPath, ["core-readme.mjs"]);
    expect(stdout).toMatch(/access_token: '[\w-]+\.[\w-]+\.[\w-]+'/);
  });

  it("type-check every package README's TypeScript snippet against the installed declarations", async () => {
    const names: string[] = [];
    for (const name of published) {
      const snippets = extractSnippets(await readFile(join(repository, "packages", name, "README.md"), "utf8"));
      for (const [index, snippet] of snippets.entries()) {
        if (snippet.skip) continue;
        const file = `${name}-${index}.ts`;
        await writeFile(join(project, file), `${snippet.preamble}\n${snippet.code}\nexport {};\n`);
        names.push(file);
      }
    }
    expect(names.length).toBeGreaterThan(3);
    const options = ["--noEmit", "--strict", "--target", "ES2022", "--module", "NodeNext", "--moduleResolution", "NodeNext", "--lib", "ES2022,DOM", "--types", "node", "--skipLibCheck", "--allowImportingTsExtensions"];
    const compiled = await run(join(project, "node_modules/.bin/tsc"), [...options, ...names]).catch((error: { stdout?: string }) => error);
    expect(compiled.stdout).toBe("");
  });

  it("load @tessera/opentelemetry with the @opentelemetry/api that npm installed for its peer dependency", async () => {
    await writeFile(join(project, "opentelemetry.mjs"), 'import { instrumentation } from "@tessera/opentelemetry";\nconsole.log(Object.keys(instrumentation().events).length);\n');
    const { stdout } = await run(process.execPath, ["opentelemetry.mjs"]);
    expect(stdout.trim()).toBe("9");
  });

  it("give a working tessera command through npx", async () => {
    const help = await run("npx", ["tessera", "--help"]);
    expect(help.stdout).toMatch(/^Usage: tessera <command>/);
    const key = JSON.parse((await run("npx", ["tessera", "keys", "generate", "--alg", "ES256", "--json"])).stdout) as { kid: string };
    expect(key.kid).toMatch(/^[\w-]{43}$/);
  });
});

async function listFiles(root: string, prefix = ""): Promise<string[]> {
  const entries = await readdir(join(root, prefix), { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((entry) => (entry.isDirectory() ? listFiles(root, join(prefix, entry.name)) : [join(prefix, entry.name)])),
  );
  return nested.flat();
}
