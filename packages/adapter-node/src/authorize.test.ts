import * as tessera from "@tessera/core";
import { createServer as createHttpServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createResourceServer, generateSigningKey, type AuthorizationServer, type ResourceServer } from "@tessera/core";
import { basicAuthorization } from "@tessera/core/testing";
import { createProtectedResourceFixture, createScenarioServer, dpopProtectedResourceMismatches, dpopProtectedResourceScenarios, protectedResourceAudience, protectedResourceMismatches, protectedResourcePaths, protectedResourceRequest, protectedResourceScenarios, scenarioClients, scenarioRequestInit, type ProtectedResourceFixture } from "@tessera/conformance/tables";
import { decodeProtectedHeader } from "jose";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createServer, authorize, type AuthorizedHandler, type AuthorizeOptions } from "./index.js";
import { delay, exchange } from "./wire.test.helpers.js";

/** A node:http server on an ephemeral loopback port. */
async function listenOn(server: Server): Promise<{ origin: string; port: number; close: () => Promise<void> }> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => (text += chunk));
    req.on("end", () => resolve(text));
    req.on("error", reject);
  });
}

const answer: AuthorizedHandler = (_req, res, principal) => {
  res.setHeader("content-type", "application/json");
  res.end(JSON.stringify({ client_id: principal.clientId, scope: principal.scopes.join(" ") }));
};

let fixture: ProtectedResourceFixture;
let resourceServer: ResourceServer;
let api: { origin: string; port: number; close: () => Promise<void> };
const onError = vi.fn();

beforeAll(async () => {
  fixture = await createProtectedResourceFixture(tessera);
  resourceServer = createResourceServer(fixture.resourceServerOptions);
  const options: AuthorizeOptions = { onError };
  const routes: Record<string, (req: IncomingMessage, res: import("node:http").ServerResponse) => void> = {
    [protectedResourcePaths.read]: authorize(resourceServer, answer, { ...options, scopes: ["read"] }),
    [protectedResourcePaths.admin]: authorize(resourceServer, answer, { ...options, scopes: ["admin"] }),
    "/api/echo": authorize(resourceServer, async (req, res, principal) => {
      const body = await readBody(req);
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify({ client_id: principal.clientId, body }));
    }),
    "/api/broken": authorize(
      resourceServer,
      () => {
        throw new Error("handler bug");
      },
      options,
    ),
  };
  api = await listenOn(
    createHttpServer((req, res) => {
      const path = (req.url ?? "/").split("?")[0] ?? "/";
      const route = routes[path];
      if (route === undefined) {
        res.writeHead(404).end();
        return;
      }
      route(req, res);
    }),
  );
});

afterAll(() => api.close());

describe("the protected resource scenario table over HTTP, through authorize()", () => {
  for (const scenario of protectedResourceScenarios) {
    it(scenario.name, async () => {
      const request = protectedResourceRequest(scenario.request, fixture.tokens);
      const response = await fetch(api.origin + request.path, scenarioRequestInit(request));
      expect(await protectedResourceMismatches(response, scenario.expect)).toEqual([]);
    });
  }
});

describe("the DPoP protected resource scenario table over HTTP, through authorize()", () => {
  for (const scenario of dpopProtectedResourceScenarios) {
    it(scenario.name, async () => {
      const send = (request: Parameters<typeof scenarioRequestInit>[0]) => fetch(api.origin + request.path, scenarioRequestInit(request));
      expect(await dpopProtectedResourceMismatches(send, { origin: api.origin, tokens: fixture.tokens }, scenario)).toEqual([]);
    });
  }
});

describe("authorize()", () => {
  it("leaves the body unread for the handler", async () => {
    const response = await fetch(`${api.origin}/api/echo`, {
      method: "POST",
      headers: { authorization: `Bearer ${fixture.tokens.valid}`, "content-type": "text/plain" },
      body: "payload for the handler",
    });
    expect(await response.json()).toEqual({ client_id: "service", body: "payload for the handler" });
  });

  it("answers a refused POST without reading its body, and the connection stays usable", async () => {
    const response = await fetch(`${api.origin}/api/echo`, { method: "POST", body: "x".repeat(100_000) });
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toBe(`Bearer realm="${protectedResourceAudience}"`);
    expect(await response.text()).toBe("");
    const again = await fetch(`${api.origin}${protectedResourcePaths.read}`, {
      headers: { authorization: `Bearer ${fixture.tokens.valid}` },
    });
    expect(again.status).toBe(200);
  });

  it("refuses two Authorization lines as malformed, even if each is valid", async () => {
    const line = `Authorization: Bearer ${fixture.tokens.valid}\r\n`;
    const raw = await exchange(
      api.port,
      [`GET ${protectedResourcePaths.read} HTTP/1.1\r\nHost: 127.0.0.1\r\n${line}${line}Connection: close\r\n\r\n`],
    );
    expect(raw.status).toBe(400);
    expect(raw.header("www-authenticate")).toMatch(/^Bearer realm="https:\/\/api\.example", error="invalid_request"/);
  });

  it("answers HEAD with the challenge and no body", async () => {
    const response = await fetch(`${api.origin}${protectedResourcePaths.read}`, { method: "HEAD" });
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toBe(`Bearer realm="${protectedResourceAudience}"`);
  });

  it("answers a request without a usable Host with the adapter's bare 400", async () => {
    const raw = await exchange(api.port, [`GET ${protectedResourcePaths.read} HTTP/1.0\r\n\r\n`]);
    expect(raw.status).toBe(400);
    expect(raw.header("www-authenticate")).toBeUndefined();
  });

  it("answers a handler failure with a bare 500 and reports it", async () => {
    onError.mockClear();
    const response = await fetch(`${api.origin}/api/broken`, { headers: { authorization: `Bearer ${fixture.tokens.valid}` } });
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({
      error: "server_error",
      error_description: "The server encountered an unexpected condition.",
    });
    expect(onError).toHaveBeenCalledOnce();
    expect((onError.mock.calls[0]?.[0] as Error).message).toBe("handler bug");
  });

  it("refuses unusable arguments with a TypeError naming them", () => {
    expect(() => authorize({} as ResourceServer, answer)).toThrow(/^resourceServer: /);
    expect(() => authorize(resourceServer, "handler" as unknown as AuthorizedHandler)).toThrow(/^handler: /);
    expect(() => authorize(resourceServer, answer, { scopes: ["a b"] })).toThrow(/^scopes: /);
    expect(() => authorize(resourceServer, answer, { onError: 1 as unknown as () => void })).toThrow(/^onError: /);
  });
});

/**
 * An authorization server served over HTTP on 127.0.0.1 (its issuer names the port), counting
 * the requests for each path.
 */
async function authorizationServerOverHttp(): Promise<{
  server: AuthorizationServer;
  origin: string;
  hits: string[];
  close: () => Promise<void>;
}> {
  let target: AuthorizationServer | undefined;
  const hits: string[] = [];
  const http = createServer(async (request) => {
    hits.push(new URL(request.url).pathname);
    return (target as AuthorizationServer).fetch(request);
  });
  const listening = await listenOn(http);
  target = await createScenarioServer(tessera, { issuer: listening.origin, audience: protectedResourceAudience });
  await target.ready;
  return { server: target, origin: listening.origin, hits, close: listening.close };
}

async function issueOverHttp(origin: string): Promise<string> {
  const { service } = scenarioClients;
  const response = await fetch(`${origin}/token`, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      authorization: basicAuthorization(service.clientId, service.clientSecret),
    },
    body: "grant_type=client_credentials&scope=read",
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { access_token: string }).access_token;
}

async function refused(promise: Promise<unknown>): Promise<{ status: number; code: string; description: string; headers: Record<string, string> }> {
  const error = (await promise.then(
    () => {
      throw new Error("expected a refusal");
    },
    (e: unknown) => e,
  )) as { status: number; code: string; description: string; headers: Record<string, string> };
  return error;
}

describe("remote keys over real HTTP", () => {
  let issuer: Awaited<ReturnType<typeof authorizationServerOverHttp>>;
  beforeAll(async () => {
    issuer = await authorizationServerOverHttp();
  });
  afterAll(() => issuer.close());

  const jwksHits = () => issuer.hits.filter((path) => path === "/.well-known/jwks.json").length;

  it("refetches the JWKS for an unknown kid once per cool-down, and drops removed keys", async () => {
    const cooldown = 0.4;
    const server = createResourceServer({
      issuer: issuer.origin,
      audience: protectedResourceAudience,
      jwksUri: `${issuer.origin}/.well-known/jwks.json`,
      jwksCooldown: cooldown,
    });
    const start = jwksHits();
    const first = await issueOverHttp(issuer.origin);
    expect((await server.verifyToken(first)).clientId).toBe("service");
    expect(jwksHits() - start).toBe(1);

    // Rotation: a new key signs; after the cool-down its unknown kid triggers one refetch.
    const [old] = await issuer.server.keys.list();
    const next = await generateSigningKey("ES256");
    await issuer.server.keys.add(next.privateKeyPem);
    await issuer.server.keys.activate(next.kid);
    const second = await issueOverHttp(issuer.origin);
    expect(decodeProtectedHeader(second).kid).toBe(next.kid);
    await delay(cooldown * 1000 + 100);
    expect((await server.verifyToken(second)).clientId).toBe("service");
    expect(jwksHits() - start).toBe(2);

    // A second unknown kid inside the cool-down: refused, and no request reaches the issuer.
    const third = await generateSigningKey("ES256");
    await issuer.server.keys.add(third.privateKeyPem);
    await issuer.server.keys.activate(third.kid);
    const unknown = await issueOverHttp(issuer.origin);
    const error = await refused(server.verifyToken(unknown));
    expect([error.status, error.code]).toEqual([401, "invalid_token"]);
    expect(jwksHits() - start).toBe(2);

    // The first key is retired: once the cool-down is over, the refetch removes it.
    await issuer.server.keys.retire(old?.kid as string);
    await delay(cooldown * 1000 + 100);
    expect((await server.verifyToken(unknown)).clientId).toBe("service"); // refetch: third key known
    expect(jwksHits() - start).toBe(3);
    const gone = await refused(server.verifyToken(first));
    expect([gone.status, gone.description]).toEqual([401, "The access token is signed with a key this server does not know."]);
    expect(jwksHits() - start).toBe(3);
  });

  it("discovers the JWKS through the metadata, once", async () => {
    const server = createResourceServer({ issuer: issuer.origin, audience: protectedResourceAudience });
    issuer.hits.length = 0;
    const token = await issueOverHttp(issuer.origin);
    await Promise.all([server.verifyToken(token), server.verifyToken(token)]);
    await server.verifyToken(token);
    expect(issuer.hits).toEqual(["/token", "/.well-known/oauth-authorization-server", "/.well-known/jwks.json"]);
  });

  it("refuses metadata whose issuer differs from the configured one, with 503", async () => {
    const report = vi.fn();
    // The same server reached under another name: its metadata names 127.0.0.1, not localhost.
    const port = new URL(issuer.origin).port;
    const server = createResourceServer({ issuer: `http://localhost:${port}`, audience: protectedResourceAudience, onError: report });
    const token = await issueOverHttp(issuer.origin);
    const error = await refused(server.verifyToken(token));
    expect([error.status, error.code, error.headers["retry-after"]]).toEqual([503, "temporarily_unavailable", "30"]);
    expect(report).toHaveBeenCalledOnce();
  });

  it("answers 503 with Retry-After when the issuer is unreachable", async () => {
    const closed = await listenOn(createHttpServer());
    await closed.close();
    const report = vi.fn();
    const server = createResourceServer({
      issuer: closed.origin,
      audience: protectedResourceAudience,
      jwksUri: `${closed.origin}/jwks`,
      jwksCooldown: 5,
      onError: report,
    });
    const error = await refused(server.verifyToken(fixture.tokens.valid));
    expect([error.status, error.code, error.headers["retry-after"]]).toEqual([503, "temporarily_unavailable", "5"]);
    expect(report).toHaveBeenCalledOnce();
  });
});
