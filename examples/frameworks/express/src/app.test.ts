import { describeRecipe, listenOn, startRecipeFixture, type RecipeFixture } from "@tessera/example-frameworks-suite";
import express, { type ErrorRequestHandler } from "express";
import { createServer } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp, oauthErrors, requireToken } from "./app.js";

describeRecipe("Express", async () => {
  const fixture = await startRecipeFixture();
  const http = await listenOn(createServer(createApp(fixture.server, fixture.resourceServer)));
  return { ...http, tokens: fixture.tokens };
});

describe("Express: a refusal goes through the app's error handling", () => {
  let fixture: RecipeFixture;
  let http: { origin: string; close: () => Promise<void> };
  const seen: unknown[] = [];
  // An error handler of the app's own, before oauthErrors: it sees every refusal, then passes it on.
  const observe: ErrorRequestHandler = (error, _req, _res, next) => {
    seen.push(error);
    next(error);
  };

  beforeAll(async () => {
    fixture = await startRecipeFixture();
    const app = express();
    app.get("/admin", requireToken(fixture.resourceServer, ["admin"]), (_req, res) => res.json({}));
    app.get("/broken", () => {
      throw new Error("a bug");
    });
    app.use(observe, oauthErrors);
    http = await listenOn(createServer(app));
  });
  afterAll(() => http?.close());

  it("hands the 403 insufficient_scope to the error handlers, and oauthErrors sends it", async () => {
    seen.length = 0;
    const response = await fetch(`${http.origin}/admin`, { headers: { authorization: `Bearer ${fixture.tokens.valid}` } });
    expect(response.status).toBe(403);
    expect(response.headers.get("www-authenticate")).toMatch(/^Bearer realm="https:\/\/api\.example", error="insufficient_scope", .*scope="admin"$/);
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ name: "OAuthError", code: "insufficient_scope", status: 403 });
  });

  it("hands the 401 without a token to the error handlers", async () => {
    seen.length = 0;
    const response = await fetch(`${http.origin}/admin`);
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toBe('Bearer realm="https://api.example"');
    expect(seen).toMatchObject([{ name: "OAuthError", challengeOnly: true }]);
  });

  it("leaves any other error to Express", async () => {
    const quiet = console.error;
    console.error = () => {}; // Express's default handler logs the stack outside production
    try {
      const response = await fetch(`${http.origin}/broken`);
      expect(response.status).toBe(500);
      expect(response.headers.get("www-authenticate")).toBeNull();
    } finally {
      console.error = quiet;
    }
  });
});
