/**
 * The attacks of the second abuse review (issue 18), over real HTTP against a Tessera server
 * served by this adapter: each one must fail.
 */
import * as tessera from "@tessera/core";
import { BoundedCounterStore, createResourceServer, type AuthorizationServer } from "@tessera/core";
import { basicAuthorization } from "@tessera/core/testing";
import { createScenarioServer, issueScenarioToken, scenarioClients } from "@tessera/conformance/tables";
import { afterEach, describe, expect, it } from "vitest";
import { authorize, clientAddress } from "./index.js";
import { exchange, listen, type Listening } from "./wire.test.helpers.js";

const { service, postOnly } = scenarioClients;

let http: Listening | undefined;
afterEach(async () => {
  await http?.close();
  http = undefined;
});

async function serveScenario(overrides: Partial<tessera.AuthorizationServerOptions>): Promise<{ server: AuthorizationServer; http: Listening }> {
  const server = await createScenarioServer(tessera, { issuer: "http://localhost", ...overrides });
  http = await listen(server.fetch);
  return { server, http };
}

function tokenRequest(origin: string, clientId: string, secret: string): Promise<Response> {
  return fetch(`${origin}/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", authorization: basicAuthorization(clientId, secret) },
    body: "grant_type=client_credentials",
  });
}

describe("the lockout over HTTP", () => {
  it("cannot be emptied by a flood of made-up client ids: the locked client stays locked (finding 1)", async () => {
    const { http } = await serveScenario({ lockout: { counters: new BoundedCounterStore({ maxKeys: 100 }) } });
    for (let i = 0; i < 10; i++) expect((await tokenRequest(http.origin, service.clientId, "wrong")).status).toBe(401);
    for (let i = 0; i < 1000; i += 50) {
      await Promise.all(Array.from({ length: 50 }, (_, j) => tokenRequest(http.origin, `made-up-${i + j}`, "x")));
    }
    expect((await tokenRequest(http.origin, service.clientId, service.clientSecret)).status).toBe(429);
  });

  it("is not reset for a caller by the success of the caller's own client (finding 2)", async () => {
    const { http } = await serveScenario({ lockout: { callerKey: clientAddress, maxCallerFailures: 10 } });
    const statuses: number[] = [];
    for (let round = 0; round < 4; round++) {
      for (let i = 0; i < 9; i++) statuses.push((await tokenRequest(http.origin, `victim-${round}-${i}`, "guess")).status);
      await fetch(`${http.origin}/token`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: `grant_type=client_credentials&client_id=${postOnly.clientId}&client_secret=${postOnly.clientSecret}`,
      });
    }
    // The caller's tenth failure locks it out, whatever succeeded in between.
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
    expect(statuses.slice(10).every((status) => status === 429)).toBe(true);
  });
});

describe("transport limits that match the core", () => {
  it("buffers no more of a body than the Tessera server reads: 413 before an invitation to send (finding 6)", async () => {
    const { http } = await serveScenario({ limits: { maxBodyBytes: 4096 } });
    const head = `POST /token HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-www-form-urlencoded\r\nExpect: 100-continue\r\n`;
    const refused = await exchange(http.port, [`${head}Content-Length: 4097\r\n\r\n`], { timeoutMs: 5000 });
    expect(refused.statusLine).toBe("HTTP/1.1 413 Payload Too Large");
    const invited = await exchange(http.port, [`${head}Content-Length: 4096\r\nConnection: close\r\n\r\n`, "x".repeat(4096)], {
      timeoutMs: 5000,
    });
    expect(invited.statusLine).toBe("HTTP/1.1 100 Continue");
  });

  it("answers 431 to more header fields than it reads, instead of dropping a second Authorization (finding 7)", async () => {
    const { server } = await serveScenario({});
    const token = await issueScenarioToken(server);
    const resourceServer = createResourceServer({ issuer: server.issuer, audience: server.issuer, keys: server.keys });
    const guarded = await import("node:http").then(({ createServer }) =>
      createServer(authorize(resourceServer, (_req, res) => res.end("ok"))),
    );
    await new Promise<void>((resolve) => guarded.listen(0, "127.0.0.1", resolve));
    const { port } = guarded.address() as { port: number };
    try {
      // 2,000 short fields stay under node:http's 16 KiB head limit, so only the count is at stake.
      const filler = "x: a\r\n".repeat(2000);
      const request = `GET / HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer ${token}\r\n${filler}Authorization: Bearer ${token}\r\nConnection: close\r\n\r\n`;
      const response = await exchange(port, [request], { timeoutMs: 5000 });
      expect(response.statusLine).toBe("HTTP/1.1 431 Request Header Fields Too Large");
    } finally {
      guarded.closeAllConnections();
      await new Promise((resolve) => guarded.close(resolve));
    }
  });

  it("answers 431 through createServer too, and serves a request within the limit", async () => {
    const { http } = await serveScenario({});
    const fields = (count: number) => Array.from({ length: count }, (_, i) => `x-f${i}: a\r\n`).join("");
    const over = await exchange(http.port, [`GET /.well-known/jwks.json HTTP/1.1\r\nHost: localhost\r\n${fields(300)}Connection: close\r\n\r\n`]);
    expect(over.statusLine).toBe("HTTP/1.1 431 Request Header Fields Too Large");
    const within = await exchange(http.port, [`GET /.well-known/jwks.json HTTP/1.1\r\nHost: localhost\r\n${fields(200)}Connection: close\r\n\r\n`]);
    expect(within.statusLine).toBe("HTTP/1.1 200 OK");
  });
});
