import { exampleCommand, startExample, type RunningExample } from "@tessera/conformance/examples";
import type { ScenarioTokens } from "@tessera/conformance/tables";
import { describeRecipe } from "@tessera/example-frameworks-suite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const directory = new URL("../", import.meta.url);

/** Starts `pnpm start` (serve-fixture.ts on the Bun from npm) and reads the tokens it prints first. */
async function start(): Promise<{ example: RunningExample; tokens: ScenarioTokens }> {
  const example = await startExample(exampleCommand(directory), { PORT: "0" });
  const tokens = /^tokens: (.*)$/m.exec(example.output().stdout)?.[1];
  if (tokens === undefined) throw new Error(`no tokens line: ${example.output().stdout}`);
  return { example, tokens: JSON.parse(tokens) as ScenarioTokens };
}

describeRecipe("Elysia on Bun", async () => {
  const { example, tokens } = await start();
  return { origin: example.url, tokens, close: async () => void (await example.stop()) };
});

describe("Elysia on Bun: a refusal goes through onError", () => {
  let example: RunningExample;
  let tokens: ScenarioTokens;
  beforeAll(async () => {
    ({ example, tokens } = await start());
  }, 60_000);
  afterAll(() => example?.stop());

  it("sends the 403 insufficient_scope that the macro threw as onError renders it", async () => {
    const response = await fetch(`${example.url}/api/admin`, { headers: { authorization: `Bearer ${tokens.valid}` } });
    expect(response.status).toBe(403);
    expect(response.headers.get("www-authenticate")).toMatch(/^Bearer realm="https:\/\/api\.example", error="insufficient_scope", .*scope="admin"$/);
    // The Response that onError returned, unchanged by Elysia: no header added or rewritten.
    expect(response.headers.get("content-type")).toBe("application/json");
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(await response.json()).toMatchObject({ error: "insufficient_scope" });
  });
});
