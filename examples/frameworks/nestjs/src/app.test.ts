import { describeRecipe, startRecipeFixture, type RecipeFixture } from "@tessera/example-frameworks-suite";
import { Controller, Get, Module, UseGuards } from "@nestjs/common";
import { NestFactory } from "@nestjs/core";
import type { NestExpressApplication } from "@nestjs/platform-express";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createApp } from "./app.js";
import { OAuthErrorFilter, RESOURCE_SERVER, Scopes, TokenGuard } from "./tessera.js";

async function listen(app: NestExpressApplication): Promise<string> {
  await app.listen(0, "127.0.0.1");
  return `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
}

describeRecipe("NestJS", async () => {
  const fixture = await startRecipeFixture();
  const app = await createApp(fixture.server, fixture.resourceServer);
  return { origin: await listen(app), tokens: fixture.tokens, close: () => app.close() };
});

@Controller()
class BrokenController {
  @Get("broken")
  broken(): never {
    throw new Error("a bug");
  }

  @Get("admin")
  @UseGuards(TokenGuard)
  @Scopes(["admin"])
  admin() {
    return {};
  }
}

describe("NestJS: a refusal goes through Nest's exception layer", () => {
  let fixture: RecipeFixture;
  let app: NestExpressApplication;
  let origin: string;
  const filterCatch = vi.spyOn(OAuthErrorFilter.prototype, "catch");

  beforeAll(async () => {
    fixture = await startRecipeFixture();
    @Module({ controllers: [BrokenController], providers: [{ provide: RESOURCE_SERVER, useValue: fixture.resourceServer }] })
    class TestModule {}
    app = await NestFactory.create<NestExpressApplication>(TestModule, { logger: false });
    app.useGlobalFilters(new OAuthErrorFilter());
    origin = await listen(app);
  });
  afterAll(() => app?.close());

  it("throws the 403 insufficient_scope from the guard to OAuthErrorFilter, which sends it", async () => {
    filterCatch.mockClear();
    const response = await fetch(`${origin}/admin`, { headers: { authorization: `Bearer ${fixture.tokens.valid}` } });
    expect(response.status).toBe(403);
    expect(response.headers.get("www-authenticate")).toMatch(/^Bearer realm="https:\/\/api\.example", error="insufficient_scope", .*scope="admin"$/);
    expect(filterCatch).toHaveBeenCalledOnce();
    expect(filterCatch.mock.calls[0]?.[0]).toMatchObject({ name: "OAuthError", code: "insufficient_scope" });
  });

  it("throws the 401 without a token to the filter", async () => {
    filterCatch.mockClear();
    const response = await fetch(`${origin}/admin`);
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toBe('Bearer realm="https://api.example"');
    expect(filterCatch.mock.calls[0]?.[0]).toMatchObject({ name: "OAuthError", challengeOnly: true });
  });

  it("leaves any other error to Nest's own exception filter", async () => {
    filterCatch.mockClear();
    const response = await fetch(`${origin}/broken`);
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({ statusCode: 500, message: "Internal server error" });
    expect(filterCatch).not.toHaveBeenCalled();
  });
});
