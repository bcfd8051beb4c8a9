/**
 * The transport limits of @tessera/node, over real HTTP on an ephemeral port with clients that
 * misbehave on purpose: slow bodies, slow heads, oversize heads, floods of them. Each one is
 * answered and its connection closed within its bound; the handler never sees it; the server
 * keeps serving.
 */
import * as tessera from "@tessera/core";
import { afterEach, describe, expect, it } from "vitest";
import { basicAuthorization } from "@tessera/core/testing";
import { createScenarioServer, scenarioClients } from "@tessera/conformance/tables";
import { clientAddress, createServer, type ServerOptions } from "./index.js";
import { exchange, listen, type Listening } from "./wire.test.helpers.js";

let http: Listening | undefined;
afterEach(async () => {
  await http?.close();
  http = undefined;
});

let handled = 0;
const ok = () => {
  handled++;
  return new Response("ok");
};

async function serve(options: ServerOptions): Promise<Listening> {
  handled = 0;
  http = await listen(ok, options);
  return http;
}

const head = (length: number) => `POST /token HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/plain\r\nContent-Length: ${length}\r\n\r\n`;

describe("slow and oversize requests through createServer", () => {
  it("a body that trickles in past bodyTimeout: 408, connection closed, handler not called", async () => {
    const { port } = await serve({ bodyTimeout: 0.15 });
    const response = await exchange(port, [head(100), "0123456789"], { timeoutMs: 5000 });
    expect(response.statusLine).toBe("HTTP/1.1 408 Request Timeout");
    expect(response.header("connection")).toBe("close");
    expect(JSON.parse(response.body.toString())).toEqual({
      error: "invalid_request",
      error_description: "The request body did not arrive in time.",
    });
    expect(handled).toBe(0);
    // The server still serves.
    expect((await exchange(port, [head(2), "ok"], { then: "end" })).status).toBe(200);
  });

  it("a flood of slow bodies: every one refused within its bound, none reaches the handler", async () => {
    const { port } = await serve({ bodyTimeout: 0.2 });
    const responses = await Promise.all(
      Array.from({ length: 40 }, (_, i) => exchange(port, [head(64 * 1024), "x".repeat(i * 100)], { timeoutMs: 5000 })),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(40).fill(408));
    expect(handled).toBe(0);
  });

  it("a request head over maxHeaderSize: 431 from node:http, handler not called", async () => {
    const { port } = await serve({ maxHeaderSize: 1024 });
    const response = await exchange(port, [`GET / HTTP/1.1\r\nHost: localhost\r\nX-Pad: ${"a".repeat(2000)}\r\n\r\n`]);
    expect(response.status).toBe(431);
    expect(handled).toBe(0);
    expect((await exchange(port, [`GET / HTTP/1.1\r\nHost: localhost\r\nX-Pad: ${"a".repeat(500)}\r\nConnection: close\r\n\r\n`])).status).toBe(200);
  });

  it("a head that trickles in past headersTimeout: 408 from node:http, connection closed", async () => {
    const { port } = await serve({ headersTimeout: 0.3, requestTimeout: 1 });
    const response = await exchange(port, ["GET / HTTP/1.1\r\nHost: localhost\r\n", "X-Slow: 1\r\n"], { gapMs: 50, timeoutMs: 5000 });
    expect(response.status).toBe(408);
    expect(handled).toBe(0);
  });

  it("sets the head limits on the server, with safe defaults", () => {
    // `maxHeaderSize` is a property of the server at run time, though not in @types/node.
    const limits = (server: ReturnType<typeof createServer>) => [(server as unknown as { maxHeaderSize: number }).maxHeaderSize, server.headersTimeout, server.requestTimeout];
    expect(limits(createServer(ok))).toEqual([16384, 10_000, 30_000]);
    expect(limits(createServer(ok, { maxHeaderSize: 4096, headersTimeout: 2, requestTimeout: 0 }))).toEqual([4096, 2000, 0]);
  });

  it.each([
    [{ bodyTimeout: -1 }, /^bodyTimeout: /],
    [{ bodyTimeout: Number.NaN }, /^bodyTimeout: /],
    [{ maxHeaderSize: 0 }, /^maxHeaderSize: /],
    [{ requestTimeout: "30s" as never }, /^requestTimeout: /],
    [{ headersTimeout: 0 }, /^headersTimeout: /],
    [{ headersTimeout: 5, requestTimeout: 1 }, /^headersTimeout: must be above 0 and at most requestTimeout/],
  ])("refuses %o, naming the option", (options, message) => {
    expect(() => createServer(ok, options)).toThrow(message);
  });
});

describe("clientAddress", () => {
  it("tells the core the peer's address, which the lockout counts per caller by default", async () => {
    const core = await createScenarioServer(tessera, {
      issuer: "http://localhost",
      lockout: { maxFailures: 3, maxCallerFailures: 3 },
    });
    http = await listen(core.fetch);
    const post = (id: string, secret: string) =>
      fetch(`${http?.origin}/token`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", authorization: basicAuthorization(id, secret) },
        body: "grant_type=client_credentials",
      });
    for (const id of ["a", "b", "c"]) expect((await post(id, "guess")).status).toBe(401);
    const { service } = scenarioClients;
    const refused = await post(service.clientId, service.clientSecret);
    expect(refused.status).toBe(429);
    expect(refused.headers.get("retry-after")).toBe("300");
  });

  it("is the address the core's lockout reads; undefined for a Request the adapter did not make", async () => {
    const seen: (string | undefined)[] = [];
    const core = await createScenarioServer(tessera, { issuer: "http://localhost", events: { requestCompleted: ({ request }) => void seen.push(clientAddress(request)) } });
    http = await listen(core.fetch);
    await fetch(`${http.origin}/health/live`);
    expect(seen).toEqual(["127.0.0.1"]);
    expect(clientAddress(new Request("http://localhost/"))).toBeUndefined();
  });
});
