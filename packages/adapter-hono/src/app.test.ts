import * as core from "@tessera/core";
import type { Server } from "node:http";
import { serve } from "@hono/node-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Hono } from "hono";
import type { AuthorizationServer } from "@tessera/core";
import { basicAuthorization } from "@tessera/core/testing";
import { peerAddress } from "@tessera/core/adapter";
import { createScenarioServer, keyBoundTokenMismatches, keyBoundTokenScenarios, scenarioClients, scenarioMismatches, scenarioRequest, scenarioRequestInit, tokenEndpointScenarios, tokenManagementMismatches, tokenManagementScenarios } from "@tessera/conformance/tables";
import { introspectionHandler, jwksHandler, metadataHandler, revocationHandler, tessera, tokenHandler } from "./index.js";

const utf8 = new TextEncoder();
const { service } = scenarioClients;
const serviceBasic = basicAuthorization(service.clientId, service.clientSecret);

function tokenPost(body = "grant_type=client_credentials"): RequestInit {
  return {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", authorization: serviceBasic },
    body: utf8.encode(body),
  };
}

let server: AuthorizationServer;
let app: Hono;

beforeAll(async () => {
  // The issuer stays http://localhost: the scenario table expects `realm="http://localhost"`.
  server = await createScenarioServer(core, { issuer: "http://localhost" });
  await server.ready;
  app = tessera(server);
});

describe("the token endpoint scenario table through tessera(server).request()", () => {
  for (const scenario of tokenEndpointScenarios) {
    it(scenario.name, async () => {
      const response = await app.request(scenarioRequest("http://localhost", scenario.request));
      expect(await scenarioMismatches(response, scenario.expect)).toEqual([]);
    });
  }
});

describe("the key-bound token endpoint table (private_key_jwt, DPoP) through tessera(server).request()", () => {
  for (const scenario of keyBoundTokenScenarios) {
    it(scenario.name, async () => {
      const send = (request: Parameters<typeof scenarioRequest>[1]) => app.request(scenarioRequest("http://localhost", request));
      expect(await keyBoundTokenMismatches(send, scenario)).toEqual([]);
    });
  }
});

describe("the revocation and introspection scenario table through tessera(server).request()", () => {
  for (const scenario of tokenManagementScenarios) {
    it(scenario.name, async () => {
      const send = (request: Parameters<typeof scenarioRequest>[1]) => app.request(scenarioRequest("http://localhost", request));
      expect(await tokenManagementMismatches(send, scenario)).toEqual([]);
    });
  }
});

describe("tessera(server)", () => {
  it("mounts the metadata document at server.paths.metadata", async () => {
    expect(server.paths.metadata).toBe("/.well-known/oauth-authorization-server");
    const response = await app.request(server.paths.metadata);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ issuer: "http://localhost", token_endpoint: "http://localhost/token" });
  });

  it("mounts the JWK Set at server.paths.jwks", async () => {
    const response = await app.request(server.paths.jwks);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/jwk-set+json");
    const { keys } = (await response.json()) as { keys: { kid: string }[] };
    expect(keys).toHaveLength(1);
  });

  it("leaves every method to the core, so its 405s stay authoritative", async () => {
    const get = await app.request(server.paths.token);
    expect(get.status).toBe(405);
    expect(get.headers.get("allow")).toBe("POST");
    expect(await get.json()).toMatchObject({ error: "invalid_request" });
    for (const path of [server.paths.metadata, server.paths.jwks]) {
      const post = await app.request(path, { method: "DELETE" });
      expect(post.status).toBe(405);
      expect(post.headers.get("allow")).toBe("GET, HEAD");
    }
    const head = await app.request(server.paths.jwks, { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe("");
  });

  it("leaves other paths to the app: Hono's 404, not the core's", async () => {
    const response = await app.request("/nothing-here");
    expect(response.status).toBe(404);
    expect(await response.text()).toBe("404 Not Found");
    expect((await app.request(`${server.paths.token}/`)).status).toBe(404);
  });

  it("follows paths derived from an issuer with a path", async () => {
    const tenant = await createScenarioServer(core, { issuer: "http://localhost/tenants/a" });
    const tenantApp = tessera(tenant);
    expect(tenant.paths).toEqual({
      token: "/tenants/a/token",
      revocation: "/tenants/a/revoke",
      introspection: "/tenants/a/introspect",
      metadata: "/.well-known/oauth-authorization-server/tenants/a",
      jwks: "/tenants/a/.well-known/jwks.json",
      liveness: "/health/live",
      readiness: "/health/ready",
    });
    expect((await tenantApp.request("/tenants/a/token", tokenPost())).status).toBe(200);
    expect((await tenantApp.request("/.well-known/oauth-authorization-server/tenants/a")).status).toBe(200);
    expect((await tenantApp.request("/tenants/a/.well-known/jwks.json")).status).toBe(200);
    expect((await tenantApp.request("/tenants/a/revoke", { method: "GET" })).status).toBe(405);
    expect((await tenantApp.request("/tenants/a/introspect", { method: "GET" })).status).toBe(405);
    expect((await tenantApp.request("/token", tokenPost())).status).toBe(404);
  });
});

describe("alongside the app's own routes", () => {
  type AppEnv = { Variables: { requestId: string } };

  function userApp(): Hono<AppEnv> {
    const userApp = new Hono<AppEnv>();
    userApp.use("*", async (c, next) => {
      c.set("requestId", "req-1");
      await next();
      c.header("x-request-id", c.get("requestId"));
    });
    userApp.get("/", (c) => c.text("home"));
    userApp.get("/health", (c) => c.json({ ok: true }));
    userApp.route("/", tessera(server));
    userApp.post("/api/things", (c) => c.json({ created: true }, 201));
    userApp.notFound((c) => c.json({ error: "no such page" }, 404));
    return userApp;
  }

  it("serves both, with the app's middleware around the token endpoint", async () => {
    const combined = userApp();
    expect(await (await combined.request("/")).text()).toBe("home");
    expect(await (await combined.request("/health")).json()).toEqual({ ok: true });
    expect((await combined.request("/api/things", { method: "POST" })).status).toBe(201);

    const token = await combined.request("/token", tokenPost("grant_type=client_credentials&scope=write"));
    expect(token.status).toBe(200);
    expect(token.headers.get("x-request-id")).toBe("req-1");
    expect(token.headers.get("cache-control")).toBe("no-store");
    expect(await token.json()).toMatchObject({ token_type: "Bearer", scope: "write" });

    const missing = await combined.request("/missing");
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ error: "no such page" });
  });

  it("lets the handler factories be mounted at routes of the app's choosing", async () => {
    const custom = new Hono<AppEnv>();
    custom.all("/oauth/token", tokenHandler(server));
    custom.get("/oauth/meta", metadataHandler(server));
    custom.get("/oauth/keys", jwksHandler(server));
    custom.all("/oauth/revoke", revocationHandler(server));
    custom.all("/oauth/introspect", introspectionHandler(server));

    const token = await custom.request("/oauth/token", tokenPost());
    expect(token.status).toBe(200);
    const invalid = await custom.request("/oauth/token", tokenPost("grant_type=password"));
    expect(invalid.status).toBe(400);
    expect(await invalid.json()).toMatchObject({ error: "unsupported_grant_type" });
    expect((await custom.request("/oauth/meta")).status).toBe(200);
    expect((await custom.request("/oauth/keys")).headers.get("content-type")).toBe("application/jwk-set+json");

    const { access_token } = (await token.json()) as { access_token: string };
    const form = (body: string) => ({ ...tokenPost(), body: utf8.encode(body) });
    const introspection = await custom.request("/oauth/introspect", form(`token=${access_token}`));
    expect(await introspection.json()).toMatchObject({ active: true, client_id: service.clientId });
    expect((await custom.request("/oauth/revoke", form(`token=${access_token}`))).status).toBe(200);
    const after = await custom.request("/oauth/introspect", form(`token=${access_token}`));
    expect(await after.json()).toEqual({ active: false });
  });
});

describe("over HTTP through @hono/node-server", () => {
  let http: Server;
  let origin: string;

  beforeAll(async () => {
    const combined = new Hono();
    combined.get("/health", (c) => c.text("ok"));
    combined.route("/", tessera(server));
    const port = await new Promise<number>((resolve) => {
      http = serve({ fetch: combined.fetch, port: 0, hostname: "127.0.0.1" }, (info) => resolve(info.port)) as Server;
    });
    origin = `http://127.0.0.1:${port}`;
  });

  afterAll(async () => {
    http.closeAllConnections();
    await new Promise((resolve) => http.close(resolve));
  });

  for (const scenario of tokenEndpointScenarios) {
    it(scenario.name, async () => {
      const response = await fetch(origin + scenario.request.path, scenarioRequestInit(scenario.request));
      expect(await scenarioMismatches(response, scenario.expect)).toEqual([]);
    });
  }

  for (const scenario of tokenManagementScenarios) {
    it(scenario.name, async () => {
      const send = (request: Parameters<typeof scenarioRequestInit>[0]) => fetch(origin + request.path, scenarioRequestInit(request));
      expect(await tokenManagementMismatches(send, scenario)).toEqual([]);
    });
  }

  it("serves the metadata, the JWKS and the app's own route", async () => {
    expect((await fetch(`${origin}${server.paths.metadata}`)).status).toBe(200);
    expect((await fetch(`${origin}${server.paths.jwks}`)).headers.get("content-type")).toBe("application/jwk-set+json");
    expect(await (await fetch(`${origin}/health`)).text()).toBe("ok");
  });
});

describe("the peer's address and the probes over HTTP through @hono/node-server", () => {
  it("tells the core each request's peer address, and serves the health probes", async () => {
    const peers: (string | undefined)[] = [];
    const observed = await createScenarioServer(core, {
      issuer: "http://localhost",
      events: { requestCompleted: ({ request }) => void peers.push(peerAddress(request)) },
    });
    await observed.ready; // until the key is imported, the readiness probe answers 503
    const app = tessera(observed);
    let http: Server | undefined;
    const port = await new Promise<number>((resolve) => {
      http = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, (info) => resolve(info.port)) as Server;
    });
    try {
      const live = await fetch(`http://127.0.0.1:${port}/health/live`);
      expect([live.status, await live.json()]).toEqual([200, { status: "ok" }]);
      expect((await fetch(`http://127.0.0.1:${port}/health/ready`)).status).toBe(200);
      expect((await fetch(`http://127.0.0.1:${port}/token`, tokenPost())).status).toBe(200);
      expect(peers).toEqual(["127.0.0.1", "127.0.0.1", "127.0.0.1"]);
    } finally {
      http?.closeAllConnections();
      await new Promise((resolve) => http?.close(resolve));
    }
  });
});
