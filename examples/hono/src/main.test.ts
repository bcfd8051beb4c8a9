import { describeExample, exampleCommand, startExample, type RunningExample } from "@tessera/conformance/examples";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const directory = new URL("../", import.meta.url);

describeExample("examples/hono", directory);

describe("examples/hono: its own GET /", () => {
  let example: RunningExample;
  beforeAll(async () => {
    example = await startExample(exampleCommand(directory), { PORT: "0" });
  });
  afterAll(() => example?.stop());

  it("answers JSON pointing at the metadata URL, where the metadata is", async () => {
    const response = await fetch(`${example.url}/`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    const body = (await response.json()) as { issuer: string; metadata: string };
    const issuer = `http://localhost:${example.port}`;
    expect(body).toMatchObject({ issuer, metadata: `${issuer}/.well-known/oauth-authorization-server` });

    const metadata = await fetch(body.metadata);
    expect(metadata.status).toBe(200);
    expect(await metadata.json()).toMatchObject({ issuer, token_endpoint: `${issuer}/token` });
  });

  it("answers 404 for any other path", async () => {
    const response = await fetch(`${example.url}/nothing-here`);
    expect(response.status).toBe(404);
  });
});
