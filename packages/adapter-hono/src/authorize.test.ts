import type { Server } from "node:http";
import { serve } from "@hono/node-server";
import * as core from "@tessera/core";
import { createResourceServer, OAuthError, type AccessTokenPrincipal, type ResourceServer } from "@tessera/core";
import { createProtectedResourceFixture, dpopProtectedResourceMismatches, dpopProtectedResourceScenarios, protectedResourceAudience, protectedResourceMismatches, protectedResourcePaths, protectedResourceRequest, protectedResourceScenarios, scenarioRequest, scenarioRequestInit, type ProtectedResourceFixture } from "@tessera/conformance/tables";
import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from "vitest";
import { authorize, requireScopes, tessera, type TesseraEnv } from "./index.js";

let fixture: ProtectedResourceFixture;
let resourceServer: ResourceServer;
let app: Hono<TesseraEnv>;

/** The scenario table's routes: authorize on /api/*, then requireScopes per route. */
function protectedApp(server: ResourceServer): Hono<TesseraEnv> {
  const app = new Hono<TesseraEnv>();
  app.use("/api/*", authorize(server));
  const answer = (c: { get(key: "principal"): AccessTokenPrincipal; json(body: unknown): Response }) => {
    const principal = c.get("principal");
    return c.json({ client_id: principal.clientId, scope: principal.scopes.join(" ") });
  };
  app.get(protectedResourcePaths.read, requireScopes("read"), (c) => answer(c));
  app.get(protectedResourcePaths.admin, requireScopes("admin"), (c) => answer(c));
  return app;
}

beforeAll(async () => {
  fixture = await createProtectedResourceFixture(core);
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

describe("the DPoP protected resource scenario table through app.request()", () => {
  for (const scenario of dpopProtectedResourceScenarios) {
    it(scenario.name, async () => {
      const send = (request: Parameters<typeof scenarioRequest>[1]) => app.request(scenarioRequest("http://localhost", request));
      expect(await dpopProtectedResourceMismatches(send, { origin: "http://localhost", tokens: fixture.tokens }, scenario)).toEqual([]);
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

  for (const scenario of dpopProtectedResourceScenarios) {
    it(scenario.name, async () => {
      const send = (request: Parameters<typeof scenarioRequestInit>[0]) => fetch(origin + request.path, scenarioRequestInit(request));
      expect(await dpopProtectedResourceMismatches(send, { origin, tokens: fixture.tokens }, scenario)).toEqual([]);
    });
  }
});

describe("authorize", () => {
  const bearer = () => ({ authorization: `Bearer ${fixture.tokens.valid}` });

  it("sets a typed principal on the context", async () => {
    const typed = new Hono();
    typed.get("/me", authorize(resourceServer), (c) => {
      expectTypeOf(c.get("principal")).toEqualTypeOf<AccessTokenPrincipal>();
      return c.json(c.get("principal"));
    });
    const response = await typed.request("/me", { headers: bearer() });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ clientId: "service", subject: "service", scopes: ["read", "write"] });
  });

  it("checks the scopes of its options", async () => {
    const scoped = new Hono<TesseraEnv>();
    scoped.get("/write", authorize(resourceServer, { scopes: ["write"] }), (c) => c.text("ok"));
    scoped.get("/admin", authorize(resourceServer, { scopes: ["read", "admin"] }), (c) => c.text("ok"));
    expect(await (await scoped.request("/write", { headers: bearer() })).text()).toBe("ok");
    const refused = await scoped.request("/admin", { headers: bearer() });
    expect(refused.status).toBe(403);
    expect(refused.headers.get("www-authenticate")).toMatch(/, scope="read admin"$/);
  });

  it("leaves the body to the handler when the token comes in it", async () => {
    const server = createResourceServer({ ...fixture.resourceServerOptions, allowTokenInBody: true });
    const formApp = new Hono<TesseraEnv>();
    formApp.post("/submit", authorize(server), async (c) => {
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
    combined.use("/api/*", authorize(resourceServer));
    combined.get("/api/read", (c) => c.text(c.get("principal").clientId));
    expect((await combined.request(fixture.authorizationServer.paths.jwks)).status).toBe(200);
    expect(await (await combined.request("/api/read", { headers: bearer() })).text()).toBe("service");
    expect((await combined.request("/api/read")).status).toBe(401);
  });

  it("throws an HTTPException carrying the OAuth response, so the app's onError sees the failure", async () => {
    const seen: unknown[] = [];
    const guarded = new Hono<TesseraEnv>();
    guarded.onError((error, c) => {
      seen.push(error);
      return error instanceof HTTPException ? error.getResponse() : c.text("unexpected", 500);
    });
    guarded.get("/api/read", authorize(resourceServer, { scopes: ["read"] }), (c) => c.text("ok"));
    guarded.get("/api/admin", authorize(resourceServer), requireScopes("admin"), (c) => c.text("ok"));

    const missing = await guarded.request("/api/read");
    const denied = await guarded.request("/api/admin", { headers: bearer() });
    expect([missing.status, missing.headers.get("www-authenticate")]).toEqual([401, `Bearer realm="${protectedResourceAudience}"`]);
    expect(denied.status).toBe(403);
    expect(seen).toHaveLength(2);
    for (const error of seen) {
      expect(error).toBeInstanceOf(HTTPException);
      expect((error as HTTPException).cause).toBeInstanceOf(OAuthError);
    }
    expect(((seen[1] as HTTPException).cause as OAuthError).code).toBe("insufficient_scope");
  });

  it("refuses unusable arguments with a TypeError naming them", () => {
    expect(() => authorize({} as ResourceServer)).toThrow(/^resourceServer: /);
    expect(() => authorize(resourceServer, { scopes: ['"quoted"'] })).toThrow(/^scopes: /);
    expect(() => requireScopes("two words")).toThrow(/^scopes: /);
  });
});

describe("requireScopes", () => {
  it("lets through a principal with every scope, and answers 403 naming them otherwise", async () => {
    const scoped = new Hono<TesseraEnv>();
    scoped.use("*", authorize(resourceServer));
    scoped.get("/both", requireScopes("read", "write"), (c) => c.text("ok"));
    scoped.get("/more", requireScopes("read", "admin"), (c) => c.text("ok"));
    const headers = { authorization: `Bearer ${fixture.tokens.valid}` };
    expect(await (await scoped.request("/both", { headers })).text()).toBe("ok");
    const refused = await scoped.request("/more", { headers });
    expect(refused.status).toBe(403);
    expect(refused.headers.get("www-authenticate")).toBe(
      `Bearer realm="${protectedResourceAudience}", error="insufficient_scope", error_description="The access token lacks a scope this resource requires.", scope="read admin"`,
    );
    expect(refused.headers.get("cache-control")).toBe("no-store");
  });

  it("is a mistake without authorize before it: Hono answers 500", async () => {
    const bare = new Hono<TesseraEnv>();
    const errors: string[] = [];
    bare.onError((error, c) => {
      errors.push(error.message);
      return c.text("", 500);
    });
    bare.get("/x", requireScopes("read"), (c) => c.text("never"));
    expect((await bare.request("/x")).status).toBe(500);
    expect(errors).toEqual(["requireScopes: mount authorize(resourceServer) before it"]);
  });
});
