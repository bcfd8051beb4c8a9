import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { killAll, runExample, startExample, type ExampleCommand } from "@tessera/conformance/examples";
import { afterAll, describe, expect, it } from "vitest";
import { bin, tessera, testDatabase } from "./tessera.test.helpers.js";

const serve: ExampleCommand = {
  command: process.execPath,
  args: [bin, "serve"],
  cwd: fileURLToPath(new URL("../", import.meta.url)),
  script: "tessera serve",
};

describe("tessera serve", { timeout: 60_000 }, () => {
  afterAll(killAll);

  it("runs the Node example: the listening line, then tokens for the demo client", async () => {
    const server = await startExample(serve, { PORT: "0" });
    try {
      const response = await fetch(new URL("/token", server.url), {
        method: "POST",
        headers: { authorization: `Basic ${btoa("demo-client:demo-secret")}`, "content-type": "application/x-www-form-urlencoded" },
        body: "grant_type=client_credentials&scope=read",
      });
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ token_type: "Bearer", scope: "read" });
      expect(server.output().stderr).toMatch(/^warning: OAUTH_CLIENTS is not set/m);
    } finally {
      await server.stop();
    }
  });

  it("serves the clients the other commands manage in OAUTH_DATABASE_URL", async () => {
    const env = { OAUTH_DATABASE_URL: await testDatabase() };
    expect((await tessera(["migrate"], { env })).code).toBe(0);
    const created = JSON.parse((await tessera(["clients", "create", "billing", "--scope", "invoices:read", "--json"], { env })).stdout) as { client_secret: string };
    const server = await startExample(serve, { ...env, PORT: "0" });
    try {
      const token = (secret: string) =>
        fetch(new URL("/token", server.url), {
          method: "POST",
          headers: { authorization: `Basic ${btoa(`billing:${secret}`)}`, "content-type": "application/x-www-form-urlencoded" },
          body: "grant_type=client_credentials",
        });
      const response = await token(created.client_secret);
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ scope: "invoices:read" });
      expect((await token("demo-secret")).status).toBe(401);
    } finally {
      await server.stop();
    }
  });

  it("stops on a configuration mistake with one line naming the variable, exit code 1", async () => {
    const exit = await runExample(serve, { PORT: "0", OAUTH_ACCESS_TOKEN_TTL: "soon" });
    expect(exit.code).toBe(1);
    expect(exit.stderr.trimEnd().split("\n")).toEqual(["error: OAUTH_ACCESS_TOKEN_TTL: must be a positive whole number of seconds"]);
  });

  it("imports no package the published @tessera/cli does not depend on", () => {
    const bundle = readFileSync(new URL("../dist/serve.js", import.meta.url), "utf8");
    const manifest = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { dependencies: Record<string, string> };
    const imported = [...bundle.matchAll(/^(?:import|export)\b[^;]*?\bfrom "([^"]+)";$/gm)].map(([, specifier = ""]) => specifier);
    const packages = new Set(imported.filter((s) => !s.startsWith("node:")).map((s) => s.split("/").slice(0, s.startsWith("@") ? 2 : 1).join("/")));
    expect(packages.size).toBeGreaterThan(0);
    for (const name of packages) expect(manifest.dependencies, name).toHaveProperty([name]);
  });
});
