import { describeRecipe, listenOn, startRecipeFixture, type RecipeFixture } from "@tessera/example-frameworks-suite";
import Router from "@koa/router";
import Koa, { type Middleware } from "koa";
import { createServer } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp, oauthErrors, requireToken } from "./app.js";

describeRecipe("Koa", async () => {
  const fixture = await startRecipeFixture();
  const http = await listenOn(createServer(createApp(fixture.server, fixture.resourceServer).callback()));
  return { ...http, tokens: fixture.tokens };
});

describe("Koa: a refusal goes through the app's error handling", () => {
  let fixture: RecipeFixture;
  let http: { origin: string; close: () => Promise<void> };
  const seen: unknown[] = [];
  const unhandled: unknown[] = [];
  // Error-handling middleware of the app's own, inside oauthErrors: it sees every refusal, then rethrows it.
  const observe: Middleware = async (_ctx, next) => {
    try {
      await next();
    } catch (error) {
      seen.push(error);
      throw error;
    }
  };

  beforeAll(async () => {
    fixture = await startRecipeFixture();
    const app = new Koa();
    app.silent = true;
    app.on("error", (error: unknown) => unhandled.push(error));
    const router = new Router();
    router.get("/admin", requireToken(fixture.resourceServer, ["admin"]), (ctx) => {
      ctx.body = {};
    });
    router.get("/broken", () => {
      throw new Error("a bug");
    });
    app.use(oauthErrors).use(observe).use(router.routes());
    http = await listenOn(createServer(app.callback()));
  });
  afterAll(() => http?.close());

  it("throws the 403 insufficient_scope through the middleware, and oauthErrors sends it", async () => {
    seen.length = 0;
    const response = await fetch(`${http.origin}/admin`, { headers: { authorization: `Bearer ${fixture.tokens.valid}` } });
    expect(response.status).toBe(403);
    expect(response.headers.get("www-authenticate")).toMatch(/^Bearer realm="https:\/\/api\.example", error="insufficient_scope", .*scope="admin"$/);
    expect(seen).toMatchObject([{ name: "OAuthError", code: "insufficient_scope", status: 403 }]);
  });

  it("throws the 401 without a token, sent with no body and no content type", async () => {
    seen.length = 0;
    const response = await fetch(`${http.origin}/admin`);
    expect(response.status).toBe(401);
    expect(response.headers.get("content-type")).toBeNull();
    expect(await response.text()).toBe("");
    expect(seen).toMatchObject([{ name: "OAuthError", challengeOnly: true }]);
  });

  it("leaves any other error to Koa, which emits it on the app", async () => {
    unhandled.length = 0;
    const response = await fetch(`${http.origin}/broken`);
    expect(response.status).toBe(500);
    expect(unhandled).toMatchObject([{ message: "a bug" }]);
  });
});
