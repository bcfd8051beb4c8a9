import type { Server } from "node:http";
import { serve } from "@hono/node-server";
import { createResourceServer, type AccessTokenPrincipal, type ResourceServer } from "@tessera/core";
import {
  createProtectedResourceFixture,
  protectedResourceAudience,
  protectedResourceMismatches,
  protectedResourcePaths,
  protectedResourceRequest,
  protectedResourceScenarios,
  scenarioRequest,
  scenarioRequestInit,
  type ProtectedResourceFixture,
} from "@tessera/core/testing";
import { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from "vitest";
import { bearerAuth, requireScope, tessera, type TesseraEnv } from "./index.js";

let fixture: ProtectedResourceFixture;
let resourceServer: ResourceServer;
let app: Hono<TesseraEnv>;

/** The scenario table's routes: bearerAuth on /api/*, then requireScope per route. */
function protectedApp(server: ResourceServer): Hono<TesseraEnv> {
  const app = new Hono<TesseraEnv>();
  app.use("/api/*", bearerAuth(server));
  const answer = (c: { get(key: "principal"): AccessTokenPrincipal; json(body: unknown): Response }) => {
    const principal = c.get("principal");
    return c.json({ client_id: principal.clientId, scope: principal.scopes.join(" ") });
  };
  app.get(protectedResourcePaths.read, requireScope("read"), (c) => answer(c));
  app.get(protectedResourcePaths.admin, requireScope("admin"), (c) => answer(c));
  return app;
}

beforeAll(async () => {
  fixture = await createProtectedResourceFixture();
  resourceServer = createResourceServer(fixture.resourceServerOptions);
  app = protectedApp(resourceServer);
});

describe("the protected resource scenario table through app.request()", () => {
  for (const scenario of protectedResourceScenarios) {
    it(scenario.name, async () => {
      const request = protectedResourceRequest(scenario.request, fixture.tokens);
      const response = await app.request(scenarioRequest("http://localhost", request));
      expect(await protectedResourceMismatches(response, scenario.expect)).toEqual([]);
    });
  }
});

describe("the protected resource scenario table over HTTP through @hono/node-server", () => {
  let http: Server;
  let origin: string;

  beforeAll(async () => {
    const port = await new Promise<number>((resolve) => {
      http = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, (info) => resolve(info.port)) as Server;
    });
    origin = `http://127.0.0.1:${port}`;
  });

  afterAll(async () => {
    http.closeAllConnections();
    await new Promise((resolve) => http.close(resolve));
  });

  for (const scenario of protectedResourceScenarios) {
    it(scenario.name, async () => {
      const request = protectedResourceRequest(scenario.request, fixture.tokens);
      const response = await fetch(origin + request.path, scenarioRequestInit(request));
      expect(await protectedResourceMismatches(response, scenario.expect)).toEqual([]);
    });
  }
});

describe("bearerAuth", () => {
  const bearer = () => ({ authorization: `Bearer ${fixture.tokens.valid}` });

  it("sets a typed principal on the context", async () => {
    const typed = new Hono();
    typed.get("/me", bearerAuth(resourceServer), (c) => {
      expectTypeOf(c.get("principal")).toEqualTypeOf<AccessTokenPrincipal>();
      return c.json(c.get("principal"));
    });
    const response = await typed.request("/me", { headers: bearer() });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ clientId: "service", subject: "service", scopes: ["read", "write"] });
  });

  it("checks the scopes of its options", async () => {
    const scoped = new Hono<TesseraEnv>();
    scoped.get("/write", bearerAuth(resourceServer, { scopes: ["write"] }), (c) => c.text("ok"));
    scoped.get("/admin", bearerAuth(resourceServer, { scopes: ["read", "admin"] }), (c) => c.text("ok"));
    expect(await (await scoped.request("/write", { headers: bearer() })).text()).toBe("ok");
    const refused = await scoped.request("/admin", { headers: bearer() });
    expect(refused.status).toBe(403);
    expect(refused.headers.get("www-authenticate")).toMatch(/, scope="read admin"$/);
  });

  it("leaves the body to the handler when the token comes in it", async () => {
    const server = createResourceServer({ ...fixture.resourceServerOptions, allowTokenInBody: true });
    const formApp = new Hono<TesseraEnv>();
    formApp.post("/submit", bearerAuth(server), async (c) => {
      const body = await c.req.parseBody();
      return c.json({ client_id: c.get("principal").clientId, note: body.note });
    });
    const response = await formApp.request("/submit", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: `note=hello&access_token=${fixture.tokens.valid}`,
    });
    expect(await response.json()).toEqual({ client_id: "service", note: "hello" });
  });

  it("works alongside the authorization server's own routes", async () => {
    const combined = new Hono<TesseraEnv>();
    combined.route("/", tessera(fixture.authorizationServer));
    combined.use("/api/*", bearerAuth(resourceServer));
    combined.get("/api/read", (c) => c.text(c.get("principal").clientId));
    expect((await combined.request(fixture.authorizationServer.paths.jwks)).status).toBe(200);
    expect(await (await combined.request("/api/read", { headers: bearer() })).text()).toBe("service");
    expect((await combined.request("/api/read")).status).toBe(401);
  });

  it("refuses unusable arguments with a TypeError naming them", () => {
    expect(() => bearerAuth({} as ResourceServer)).toThrow(/^resourceServer: /);
    expect(() => bearerAuth(resourceServer, { scopes: ['"quoted"'] })).toThrow(/^scopes: /);
    expect(() => requireScope("two words")).toThrow(/^scopes: /);
  });
});

describe("requireScope", () => {
  it("lets through a principal with every scope, and answers 403 naming them otherwise", async () => {
    const scoped = new Hono<TesseraEnv>();
    scoped.use("*", bearerAuth(resourceServer));
    scoped.get("/both", requireScope("read", "write"), (c) => c.text("ok"));
    scoped.get("/more", requireScope("read", "admin"), (c) => c.text("ok"));
    const headers = { authorization: `Bearer ${fixture.tokens.valid}` };
    expect(await (await scoped.request("/both", { headers })).text()).toBe("ok");
    const refused = await scoped.request("/more", { headers });
    expect(refused.status).toBe(403);
    expect(refused.headers.get("www-authenticate")).toBe(
      `Bearer realm="${protectedResourceAudience}", error="insufficient_scope", error_description="The access token lacks a scope this resource requires.", scope="read admin"`,
    );
    expect(refused.headers.get("cache-control")).toBe("no-store");
  });

  it("is a mistake without bearerAuth before it: Hono answers 500", async () => {
    const bare = new Hono<TesseraEnv>();
    const errors: string[] = [];
    bare.onError((error, c) => {
      errors.push(error.message);
      return c.text("", 500);
    });
    bare.get("/x", requireScope("read"), (c) => c.text("never"));
    expect((await bare.request("/x")).status).toBe(500);
    expect(errors).toEqual(["requireScope: mount bearerAuth(resourceServer) before it"]);
  });
});
