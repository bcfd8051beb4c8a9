import { createServer as createHttpServer } from "node:http";
import * as tessera from "@tessera/core";
import { createRemoteJWKSet, jwtVerify } from "jose";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { AuthorizationServer } from "@tessera/core";
import { basicAuthorization } from "@tessera/core/testing";
import { createScenarioServer, keyBoundTokenMismatches, keyBoundTokenScenarios, scenarioClients, scenarioMismatches, scenarioRequestInit, tokenEndpointScenarios } from "@tessera/conformance/tables";
import { createRequestListener, createServer } from "./index.js";
import { exchange, listen, type Listening } from "./wire.test.helpers.js";

const utf8 = new TextEncoder();
const { service } = scenarioClients;
const serviceBasic = basicAuthorization(service.clientId, service.clientSecret);
const form = "application/x-www-form-urlencoded";

function tokenRequest(origin: string, body = "grant_type=client_credentials"): Promise<Response> {
  return fetch(`${origin}/token`, {
    method: "POST",
    headers: { "content-type": form, authorization: serviceBasic },
    body: utf8.encode(body),
  });
}

function claimsOf(token: string): Record<string, unknown> {
  const payload = token.split(".")[1] ?? "";
  return JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as Record<string, unknown>;
}

let core: AuthorizationServer;
let http: Listening;

beforeAll(async () => {
  // The issuer stays http://localhost: the scenario table expects `realm="http://localhost"`.
  core = await createScenarioServer(tessera, { issuer: "http://localhost" });
  await core.ready;
  http = await listen(core.fetch);
});

afterAll(async () => {
  await http.close();
});

describe("the token endpoint scenario table over HTTP through @tessera/node", () => {
  it("has rows to run", () => {
    expect(tokenEndpointScenarios.length).toBeGreaterThan(30);
  });

  for (const scenario of tokenEndpointScenarios) {
    it(scenario.name, async () => {
      const response = await fetch(http.origin + scenario.request.path, scenarioRequestInit(scenario.request));
      expect(await scenarioMismatches(response, scenario.expect)).toEqual([]);
    });
  }
});

describe("the key-bound token endpoint table (private_key_jwt, DPoP) over HTTP through @tessera/node", () => {
  for (const scenario of keyBoundTokenScenarios) {
    it(scenario.name, async () => {
      const send = (request: Parameters<typeof scenarioRequestInit>[0]) => fetch(http.origin + request.path, scenarioRequestInit(request));
      expect(await keyBoundTokenMismatches(send, scenario)).toEqual([]);
    });
  }
});

describe("the other endpoints through @tessera/node", () => {
  it("serves the RFC 8414 metadata document", async () => {
    const response = await fetch(`${http.origin}/.well-known/oauth-authorization-server`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/json");
    const metadata = (await response.json()) as Record<string, unknown>;
    expect(metadata).toMatchObject({
      issuer: "http://localhost",
      token_endpoint: "http://localhost/token",
      jwks_uri: "http://localhost/.well-known/jwks.json",
      grant_types_supported: ["client_credentials"],
    });
  });

  it("serves the JWK Set with the public key only", async () => {
    const response = await fetch(`${http.origin}/.well-known/jwks.json`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/jwk-set+json");
    const { keys } = (await response.json()) as { keys: Record<string, unknown>[] };
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatchObject({ kty: "RSA", alg: "RS256", use: "sig" });
    expect(keys[0]).not.toHaveProperty("d");
  });

  it("passes the core's 404 and 405 through unchanged", async () => {
    const missing = await fetch(`${http.origin}/nothing-here`);
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: string }).error).toBe("not_found");
    const post = await fetch(`${http.origin}/.well-known/jwks.json`, { method: "POST" });
    expect(post.status).toBe(405);
    expect(post.headers.get("allow")).toBe("GET, HEAD");
  });

  it("issues a token that verifies with jose against the JWKS served through the adapter", async () => {
    const response = await tokenRequest(http.origin, "grant_type=client_credentials&scope=write");
    expect(response.status).toBe(200);
    const { access_token: token } = (await response.json()) as { access_token: string };

    const jwks = createRemoteJWKSet(new URL(`${http.origin}/.well-known/jwks.json`));
    const { payload, protectedHeader } = await jwtVerify(token, jwks, {
      issuer: "http://localhost",
      audience: "http://localhost",
      typ: "at+jwt",
      algorithms: ["RS256"],
    });
    expect(protectedHeader).toMatchObject({ alg: "RS256", typ: "at+jwt" });
    expect(payload).toMatchObject({ sub: service.clientId, client_id: service.clientId, scope: "write" });
  });

  it("answers 200 concurrent token requests, each with its own jti", async () => {
    const responses = await Promise.all(Array.from({ length: 200 }, () => tokenRequest(http.origin)));
    const bodies = await Promise.all(
      responses.map(async (response) => {
        expect(response.status).toBe(200);
        return (await response.json()) as { access_token: string };
      }),
    );
    const ids = new Set(bodies.map(({ access_token }) => claimsOf(access_token).jti));
    expect(ids.size).toBe(200);
  }, 60_000);

  it("keeps the core's own 16 KiB OAuth limit apart from the adapter's 1 MiB one", async () => {
    const oauthLimit = await tokenRequest(http.origin, `grant_type=client_credentials&pad=${"a".repeat(17 * 1024)}`);
    expect(oauthLimit.status).toBe(413);
    expect(oauthLimit.headers.get("cache-control")).toBe("no-store"); // the core's OAuth error
    expect(((await oauthLimit.json()) as { error: string }).error).toBe("invalid_request");

    const head = [
      "POST /token HTTP/1.1",
      "Host: localhost",
      `Content-Type: ${form}`,
      `Authorization: ${serviceBasic}`,
      `Content-Length: ${2 * 1024 * 1024}`,
      "",
      "",
    ].join("\r\n");
    const transportLimit = await exchange(http.port, [head, "grant_type=client_credentials&pad="]);
    expect(transportLimit.status).toBe(413);
    expect(transportLimit.header("connection")).toBe("close");
    expect(JSON.parse(transportLimit.body.toString())).toEqual({
      error: "invalid_request",
      error_description: "The request body is too large.",
    });
  });
});

describe("a handler that throws", () => {
  it("gets a bare 500, is reported to onError, and the server keeps serving", async () => {
    const failure = new Error("database password is hunter2");
    const reported: unknown[] = [];
    let calls = 0;
    const server = await listen(
      async (request) => {
        calls++;
        if (new URL(request.url).pathname === "/boom") throw failure;
        return new Response("fine");
      },
      { onError: (error) => reported.push(error) },
    );
    try {
      const boom = await fetch(`${server.origin}/boom`);
      expect(boom.status).toBe(500);
      const text = await boom.text();
      expect(JSON.parse(text)).toEqual({
        error: "server_error",
        error_description: "The server encountered an unexpected condition.",
      });
      expect(text).not.toContain("hunter2");
      expect(reported).toEqual([failure]);

      const after = await fetch(`${server.origin}/fine`);
      expect(after.status).toBe(200);
      expect(await after.text()).toBe("fine");
      expect(calls).toBe(2);
    } finally {
      await server.close();
    }
  });

  it("is answered 500 when it throws synchronously or returns something that is not a Response", async () => {
    const reported: unknown[] = [];
    const server = await listen(
      (request) => {
        if (request.url.endsWith("/sync")) throw new TypeError("sync");
        return "not a response" as unknown as Response;
      },
      { onError: (error) => reported.push(error) },
    );
    try {
      expect((await fetch(`${server.origin}/sync`)).status).toBe(500);
      expect((await fetch(`${server.origin}/other`)).status).toBe(500);
      expect(reported).toHaveLength(2);
    } finally {
      await server.close();
    }
  });

  it("by default logs one short line without the error's message", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    const server = await listen(() => {
      throw new RangeError("secret-token-value");
    });
    try {
      expect((await fetch(server.origin)).status).toBe(500);
      expect(log).toHaveBeenCalledTimes(1);
      const line = log.mock.calls[0]?.join(" ") ?? "";
      expect(line).toContain("RangeError");
      expect(line).not.toContain("secret-token-value");
    } finally {
      log.mockRestore();
      await server.close();
    }
  });

  it("survives an onError hook that itself throws", async () => {
    const server = await listen(
      () => Promise.reject(new Error("first")),
      {
        onError: () => {
          throw new Error("second");
        },
      },
    );
    try {
      expect((await fetch(server.origin)).status).toBe(500);
      expect((await fetch(server.origin)).status).toBe(500);
    } finally {
      await server.close();
    }
  });
});

describe("a body read before the listener (a body parser mounted ahead of it)", () => {
  it("gets a bare 500 at once, and onError a TypeError saying so, for the plain and the Request pipelines", async () => {
    for (const handler of [core.fetch, (request: Request) => core.fetch(request)]) {
      const reported: unknown[] = [];
      const listener = createRequestListener(handler, { onError: (error) => reported.push(error) });
      const parsing = createHttpServer((req, res) => {
        req.resume();
        req.on("end", () => listener(req, res));
      });
      await new Promise<void>((resolve) => parsing.listen(0, "127.0.0.1", resolve));
      try {
        const { port } = parsing.address() as { port: number };
        const response = await fetch(`http://127.0.0.1:${port}/token`, {
          method: "POST",
          headers: { "content-type": form, authorization: serviceBasic },
          body: "grant_type=client_credentials",
          signal: AbortSignal.timeout(5000),
        });
        expect(response.status).toBe(500);
        expect(await response.json()).toMatchObject({ error: "server_error" });
        expect(reported).toHaveLength(1);
        expect(reported[0]).toBeInstanceOf(TypeError);
        expect((reported[0] as Error).message).toMatch(/read before the listener/);
      } finally {
        parsing.closeAllConnections();
        await new Promise((resolve) => parsing.close(resolve));
      }
    }
  });
});

describe("Expect: 100-continue (createServer)", () => {
  const head = (length: number) =>
    `POST /token HTTP/1.1\r\nHost: localhost\r\nContent-Type: ${form}\r\nAuthorization: ${serviceBasic}\r\n` +
    `Content-Length: ${length}\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n`;

  it("refuses a body declared over the limit with 413 instead of inviting it", async () => {
    const response = await exchange(http.port, [head(5 * 1024 * 1024)]);
    expect(response.statusLine).toBe("HTTP/1.1 413 Payload Too Large");
    expect(response.raw.toString("latin1")).not.toContain("100 Continue");
  });

  it("invites a body that fits, then serves the request", async () => {
    const body = "grant_type=client_credentials";
    const response = await exchange(http.port, [head(body.length), body], { gapMs: 50 });
    const text = response.raw.toString("latin1");
    expect(text.startsWith("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK")).toBe(true);
    expect(text).toContain('"token_type":"Bearer"');
  });
});

describe("arguments", () => {
  it("refuses a handler that is not a function, naming it", () => {
    expect(() => createRequestListener(undefined as unknown as () => Response)).toThrow(/^handler: /);
    expect(() => createServer("nope" as unknown as () => Response)).toThrow(TypeError);
  });

  it("refuses a maxBodyBytes that is not a positive whole number, naming it", () => {
    for (const maxBodyBytes of [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => createRequestListener(core.fetch, { maxBodyBytes })).toThrow(/^maxBodyBytes: /);
    }
    try {
      createRequestListener(core.fetch, { maxBodyBytes: 0 });
    } catch (error) {
      expect(error).toBeInstanceOf(TypeError);
      expect((error as { code?: string }).code).toBe("ERR_INVALID_ARG_VALUE");
    }
  });

  it("refuses an onError that is not a function", () => {
    expect(() => createRequestListener(core.fetch, { onError: 42 as unknown as () => void })).toThrow(/^onError: /);
  });

  it("works as a plain request listener on a server created elsewhere", async () => {
    const { createServer: createHttpServer } = await import("node:http");
    const server = createHttpServer(createRequestListener(core.fetch));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      const response = await tokenRequest(`http://127.0.0.1:${port}`);
      expect(response.status).toBe(200);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
