import { describeRecipe, startRecipeFixture, type RecipeFixture } from "@tessera/example-frameworks-suite";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "./app.js";

async function listen(app: FastifyInstance): Promise<string> {
  return app.listen({ port: 0, host: "127.0.0.1" });
}

describeRecipe("Fastify", async () => {
  const fixture = await startRecipeFixture();
  const app = await createApp(fixture.server, fixture.resourceServer);
  return { origin: await listen(app), tokens: fixture.tokens, close: () => app.close() };
});

describe("Fastify: a refusal goes through the app's error handling", () => {
  let fixture: RecipeFixture;
  let app: FastifyInstance;
  let origin: string;
  const seen: unknown[] = [];

  beforeAll(async () => {
    fixture = await startRecipeFixture();
    app = await createApp(fixture.server, fixture.resourceServer);
    // Fastify's onError hook: told of every error its error handling sees.
    app.addHook("onError", async (_request, _reply, error) => {
      seen.push(error);
    });
    app.get("/broken", async () => {
      throw new Error("a bug");
    });
    origin = await listen(app);
  });
  afterAll(() => app?.close());

  it("hands the 403 insufficient_scope to the error handler, which sends it", async () => {
    seen.length = 0;
    const response = await fetch(`${origin}/api/admin`, { headers: { authorization: `Bearer ${fixture.tokens.valid}` } });
    expect(response.status).toBe(403);
    expect(response.headers.get("www-authenticate")).toMatch(/^Bearer realm="https:\/\/api\.example", error="insufficient_scope", .*scope="admin"$/);
    expect(seen).toMatchObject([{ name: "OAuthError", code: "insufficient_scope", status: 403 }]);
  });

  it("hands the 401 without a token to the error handler", async () => {
    seen.length = 0;
    const response = await fetch(`${origin}/api/read`);
    expect(response.status).toBe(401);
    expect(seen).toMatchObject([{ name: "OAuthError", challengeOnly: true }]);
  });

  it("leaves any other error to Fastify's default handler", async () => {
    const response = await fetch(`${origin}/broken`);
    expect(response.status).toBe(500);
    expect(await response.json()).toMatchObject({ statusCode: 500, error: "Internal Server Error" });
  });
});
