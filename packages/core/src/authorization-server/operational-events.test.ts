import * as core from "../index.js";
import { describe, expect, it } from "vitest";
import { createScenarioServer, issueScenarioToken, scenarioClients, scenarioIssuer } from "@tessera/conformance/tables";
import { generateSigningKey } from "../tokens/generate-key.js";
import { setPeerAddress } from "../http/peer-address.js";
import type { PlainHandler } from "../http/exchange.js";
import { plainEntryPointOf } from "../http/plain-handlers.js";
import { basicAuthorization } from "../testing.js";

const { service } = scenarioClients;

function tokenRequest(clientId: string, secret: string, body = "grant_type=client_credentials", peer?: string): Request {
  const request = new Request(`${scenarioIssuer}/token`, {
    method: "POST",
    headers: { authorization: basicAuthorization(clientId, secret), "content-type": "application/x-www-form-urlencoded" },
    body,
  });
  if (peer !== undefined) setPeerAddress(request, peer);
  return request;
}

describe("requestCompleted", () => {
  it("tells every answer: endpoint, method, path without query, status, error code, authenticated client, grant type, duration", async () => {
    const seen: Record<string, unknown>[] = [];
    const server = await createScenarioServer(core, { events: { requestCompleted: ({ request, headers, peerAddress, url, ...event }) => void seen.push(event) } });
    await issueScenarioToken(server);
    await server.fetch(tokenRequest(service.clientId, "wrong-s3cret"));
    await server.fetch(tokenRequest(service.clientId, service.clientSecret, "grant_type=password"));
    await server.fetch(new Request(`${scenarioIssuer}/nothing?token=abc`));
    await server.fetch(new Request(`${scenarioIssuer}/health/live`));
    const duration = expect.any(Number);
    expect(seen).toEqual([
      { endpoint: "token", method: "POST", path: "/token", status: 200, error: undefined, clientId: service.clientId, grantType: "client_credentials", duration },
      { endpoint: "token", method: "POST", path: "/token", status: 401, error: "invalid_client", clientId: undefined, grantType: "client_credentials", duration },
      { endpoint: "token", method: "POST", path: "/token", status: 400, error: "unsupported_grant_type", clientId: undefined, grantType: undefined, duration },
      { endpoint: undefined, method: "GET", path: "/nothing", status: 404, error: undefined, clientId: undefined, grantType: undefined, duration },
      { endpoint: "liveness", method: "GET", path: "/health/live", status: 200, error: undefined, clientId: undefined, grantType: undefined, duration },
    ]);
    expect(seen.every((event) => (event.duration as number) >= 0 && (event.duration as number) < 10)).toBe(true);
  });

  it("gives the request it answered, made on first use", async () => {
    const requests: Request[] = [];
    const server = await createScenarioServer(core, { events: { requestCompleted: ({ request }) => void requests.push(request) } });
    const sent = new Request(`${scenarioIssuer}/health/ready`);
    await server.fetch(sent);
    expect(requests).toEqual([sent]);
  });
});

describe("events on an adapter's plain path", () => {
  it("give the headers, the peer's address and the URL without making a Request, the same headers in every event of one request", async () => {
    const seen: { name: string; headers: Headers; peerAddress: string | undefined }[] = [];
    const made: Request[] = [];
    const record = (name: string) => (event: core.RequestEvent) => void seen.push({ name, headers: event.headers, peerAddress: event.peerAddress });
    const server = await createScenarioServer(core, {
      events: { requestCompleted: record("requestCompleted"), clientAuthenticationFailed: record("clientAuthenticationFailed"), accessTokenIssued: record("accessTokenIssued") },
    });
    await server.ready;
    const plain = (plainEntryPointOf(server.fetch) as { handle: PlainHandler }).handle;
    const send = async (secret: string) => {
      const headers = new Headers({ authorization: basicAuthorization(service.clientId, secret), "content-type": "application/x-www-form-urlencoded" });
      const body = new TextEncoder().encode("grant_type=client_credentials");
      const answer = await plain({ method: "POST", url: `${scenarioIssuer}/token`, headers, body, peerAddress: "203.0.113.7", onRequest: (request) => void made.push(request) });
      return { status: answer.status, headers };
    };
    const failed = await send("wrong-s3cret");
    const issued = await send(service.clientSecret);
    expect([failed.status, issued.status]).toEqual([401, 200]);
    expect(seen.map(({ name, headers, peerAddress }) => [name, headers === failed.headers ? "first" : headers === issued.headers ? "second" : "other", peerAddress])).toEqual([
      ["clientAuthenticationFailed", "first", "203.0.113.7"],
      ["requestCompleted", "first", "203.0.113.7"],
      ["accessTokenIssued", "second", "203.0.113.7"],
      ["requestCompleted", "second", "203.0.113.7"],
    ]);
    expect(made).toEqual([]);
  });
});

describe("the lockout by default", () => {
  it("counts per (client id, peer address) and per peer, as the adapter tells the peer; tells lockoutStarted once", async () => {
    const started: Record<string, unknown>[] = [];
    const server = await createScenarioServer(core, {
      lockout: { maxFailures: 3, maxCallerFailures: 5 },
      events: { lockoutStarted: ({ request, headers, peerAddress, ...event }) => void started.push(event) },
    });
    for (let i = 0; i < 4; i++) await server.fetch(tokenRequest(service.clientId, "wrong-s3cret", undefined, "203.0.113.7"));
    // Locked out from that peer only: another peer still gets its token with the right secret.
    expect((await server.fetch(tokenRequest(service.clientId, service.clientSecret, undefined, "203.0.113.7"))).status).toBe(429);
    expect((await server.fetch(tokenRequest(service.clientId, service.clientSecret, undefined, "198.51.100.1"))).status).toBe(200);
    expect(started).toEqual([{ clientId: service.clientId, caller: "203.0.113.7", until: expect.any(Number) }]);

    // A peer trying many client ids is locked out for every one at maxCallerFailures.
    for (let i = 0; i < 5; i++) await server.fetch(tokenRequest(`made-up-${i}`, "x", undefined, "192.0.2.9"));
    expect((await server.fetch(tokenRequest(service.clientId, service.clientSecret, undefined, "192.0.2.9"))).status).toBe(429);
    expect(started.at(-1)).toEqual({ clientId: undefined, caller: "192.0.2.9", until: expect.any(Number) });
  });

  it("counts per client id for a request whose peer is unknown", async () => {
    const server = await createScenarioServer(core, { lockout: { maxFailures: 2 } });
    for (let i = 0; i < 2; i++) await server.fetch(tokenRequest(service.clientId, "wrong-s3cret"));
    expect((await server.fetch(tokenRequest(service.clientId, service.clientSecret, undefined, "198.51.100.1"))).status).toBe(200);
    expect((await server.fetch(tokenRequest(service.clientId, service.clientSecret))).status).toBe(429);
  });
});

describe("key events", () => {
  it("tell the key that signs at start-up, and every key added, activated and retired, by kid and alg", async () => {
    const seen: [string, unknown][] = [];
    const record = (name: string) => (event: object) => void seen.push([name, event]);
    const first = await generateSigningKey("ES256");
    const server = await createScenarioServer(
      core,
      { events: { keyAdded: record("added"), keyActivated: record("activated"), keyRetired: record("retired") } },
      first.privateKeyPem,
    );
    await server.ready;
    const [firstKey] = await server.keys.list();
    const next = await server.keys.add((await generateSigningKey("EdDSA")).privateKeyPem);
    await server.keys.activate(next);
    await server.keys.retire(firstKey?.kid as string);
    expect(seen).toEqual([
      ["activated", { kid: firstKey?.kid, alg: "ES256" }],
      ["added", { kid: next, alg: "EdDSA" }],
      ["activated", { kid: next, alg: "EdDSA" }],
      ["retired", { kid: firstKey?.kid, alg: "ES256" }],
    ]);
  });
});
