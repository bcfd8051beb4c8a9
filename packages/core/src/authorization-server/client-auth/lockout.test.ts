import * as core from "../../index.js";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { InMemoryClientAuthenticationLimiter, type ClientAuthenticationLimiter } from "./limiter.js";
import { TemporarilyUnavailableError } from "../../protocol/faults.js";
import { InMemoryClientRepository } from "../repositories/clients.js";
import type { AuthorizationServerOptions } from "../options.js";
import { basicAuthorization, generateTestSigningKey } from "../../testing.js";
import { createScenarioServer, scenarioClients, scenarioIssuer } from "@tessera/conformance/tables";

const { service, postOnly } = scenarioClients;

function post(body: string, headers: Record<string, string> = {}): Request {
  return new Request(`${scenarioIssuer}/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
    body,
  });
}
const basic = (id: string, secret: string) => post("grant_type=client_credentials", { authorization: basicAuthorization(id, secret) });
const good = () => basic(service.clientId, service.clientSecret);
const wrong = () => basic(service.clientId, "wrong");

let keyPair: CryptoKeyPair;
beforeAll(async () => {
  keyPair = await generateTestSigningKey();
});
const serverWith = (overrides: Partial<AuthorizationServerOptions>) => createScenarioServer(core, overrides, keyPair);

describe("InMemoryClientAuthenticationLimiter", () => {
  it("locks a key out after maxFailures within the window, until the window ends", () => {
    let now = 1_000_000;
    const limiter = new InMemoryClientAuthenticationLimiter({ maxFailures: 3, window: 60, now: () => now });
    for (let i = 0; i < 2; i++) limiter.recordFailure("client:a");
    expect(limiter.check("client:a")).toBe(0);
    limiter.recordFailure("client:a");
    expect(limiter.check("client:a")).toBe(60);
    now += 59_500;
    expect(limiter.check("client:a")).toBe(1);
    expect(limiter.check("client:b")).toBe(0);
    now += 500;
    expect(limiter.check("client:a")).toBe(0);
    limiter.recordFailure("client:a"); // a new window
    expect(limiter.check("client:a")).toBe(0);
  });

  it("forgets a key's failures on success", () => {
    const limiter = new InMemoryClientAuthenticationLimiter({ maxFailures: 2 });
    limiter.recordFailure("k");
    limiter.recordSuccess("k");
    limiter.recordFailure("k");
    expect(limiter.check("k")).toBe(0);
  });

  it("stays within maxKeys under a flood of distinct keys, forgetting the least recently failed", () => {
    const limiter = new InMemoryClientAuthenticationLimiter({ maxFailures: 2, maxKeys: 100 });
    limiter.recordFailure("kept");
    limiter.recordFailure("old");
    limiter.recordFailure("kept"); // now the most recent, and locked out
    for (let i = 0; i < 98; i++) limiter.recordFailure(`flood-${i}`);
    expect(limiter.size).toBe(100);
    for (let i = 98; i < 10_000; i++) limiter.recordFailure(`flood-${i}`);
    expect(limiter.size).toBe(100);
    expect(limiter.check("kept")).toBe(0); // evicted at last, as the oldest
    const fresh = new InMemoryClientAuthenticationLimiter({ maxFailures: 2, maxKeys: 3 });
    fresh.recordFailure("old");
    fresh.recordFailure("kept");
    fresh.recordFailure("kept");
    fresh.recordFailure("x");
    fresh.recordFailure("y"); // evicts "old", not "kept"
    expect(fresh.check("kept")).toBeGreaterThan(0);
    expect(fresh.size).toBe(3);
  });

  it.each([
    [{ maxFailures: 0 }, /^maxFailures: /],
    [{ window: -1 }, /^window: /],
    [{ window: Number.POSITIVE_INFINITY }, /^window: /],
    [{ maxKeys: 1.5 }, /^maxKeys: /],
    [{ now: 5 as never }, /^now: /],
  ])("refuses options %o", (options, message) => {
    expect(() => new InMemoryClientAuthenticationLimiter(options)).toThrow(message);
  });
});

describe("client authentication lockout at the token endpoint", () => {
  it("by default, refuses a client id with 429 after 10 failures, even with the right secret", async () => {
    const server = await serverWith({});
    for (let i = 0; i < 10; i++) expect((await server.respondToTokenRequest(wrong())).status).toBe(401);
    const refused = await server.respondToTokenRequest(good());
    expect(refused.status).toBe(429);
    expect(refused.headers.get("retry-after")).toBe("300");
    expect(refused.headers.get("www-authenticate")).toBeNull();
    expect(refused.headers.get("cache-control")).toBe("no-store");
    expect(await refused.json()).toEqual({
      error: "invalid_client",
      error_description: "Too many failed client authentication attempts; retry later.",
    });
    // Another client is not affected.
    const other = post(`grant_type=client_credentials&client_id=${postOnly.clientId}&client_secret=${postOnly.clientSecret}`);
    expect((await server.respondToTokenRequest(other)).status).toBe(200);
  });

  it("checks the lockout before looking the client up or comparing a secret", async () => {
    const clients = new InMemoryClientRepository(Object.values(scenarioClients));
    const getClient = vi.spyOn(clients, "getClient");
    const server = await serverWith({ clients, lockout: { limiter: new InMemoryClientAuthenticationLimiter({ maxFailures: 1 }) } });
    await server.respondToTokenRequest(wrong());
    expect(getClient).toHaveBeenCalledTimes(1);
    expect((await server.respondToTokenRequest(good())).status).toBe(429);
    expect(getClient).toHaveBeenCalledTimes(1);
  });

  it("counts client_secret_post and Basic failures against the same client id, and a token resets them", async () => {
    const server = await serverWith({ lockout: { limiter: new InMemoryClientAuthenticationLimiter({ maxFailures: 2 }) } });
    await server.respondToTokenRequest(post(`grant_type=client_credentials&client_id=${service.clientId}&client_secret=nope`));
    expect((await server.respondToTokenRequest(good())).status).toBe(200);
    await server.respondToTokenRequest(wrong());
    expect((await server.respondToTokenRequest(good())).status).toBe(200);
    await server.respondToTokenRequest(wrong());
    await server.respondToTokenRequest(post(`grant_type=client_credentials&client_id=${service.clientId}&client_secret=nope`));
    expect((await server.respondToTokenRequest(good())).status).toBe(429);
  });

  it("with callerKey, locks out a caller that tries many client ids", async () => {
    const server = await serverWith({
      lockout: {
        limiter: new InMemoryClientAuthenticationLimiter({ maxFailures: 3 }),
        callerKey: (request) => request.headers.get("x-test-caller") ?? undefined,
      },
    });
    const from = (caller: string, request: Request) => {
      request.headers.set("x-test-caller", caller);
      return request;
    };
    for (let i = 0; i < 3; i++) await server.respondToTokenRequest(from("attacker", basic(`guess-${i}`, "x")));
    expect((await server.respondToTokenRequest(from("attacker", good()))).status).toBe(429);
    expect((await server.respondToTokenRequest(from("someone-else", good()))).status).toBe(200);
  });

  it("does not count requests refused for other reasons than client authentication", async () => {
    const server = await serverWith({ lockout: { limiter: new InMemoryClientAuthenticationLimiter({ maxFailures: 1 }) } });
    const auth = { authorization: basicAuthorization(service.clientId, service.clientSecret) };
    for (const body of ["grant_type=client_credentials&scope=admin", "grant_type=password", "grant_type=client_credentials&a=1&a=2"]) {
      expect((await server.respondToTokenRequest(post(body, auth))).status).toBe(400);
    }
    expect((await server.respondToTokenRequest(good())).status).toBe(200);
  });

  it("can be turned off with false", async () => {
    const server = await serverWith({ lockout: false });
    for (let i = 0; i < 30; i++) await server.respondToTokenRequest(wrong());
    expect((await server.respondToTokenRequest(good())).status).toBe(200);
  });

  it("takes an asynchronous limiter, and fails closed when it fails", async () => {
    const calls: string[] = [];
    const limiter: ClientAuthenticationLimiter = {
      check: async (key) => (calls.push(`check ${key}`), key === "client:locked" ? 7 : 0),
      recordFailure: async (key) => void calls.push(`failure ${key}`),
      recordSuccess: async (key) => void calls.push(`success ${key}`),
    };
    const server = await serverWith({ lockout: { limiter } });
    await server.respondToTokenRequest(wrong());
    await server.respondToTokenRequest(good());
    expect(calls).toEqual(["check client:service", "failure client:service", "check client:service", "success client:service"]);
    const locked = await server.respondToTokenRequest(basic("locked", "x"));
    expect([locked.status, locked.headers.get("retry-after")]).toEqual([429, "7"]);

    const onError = vi.fn();
    const failing = await serverWith({
      onError,
      lockout: { limiter: { ...limiter, check: () => Promise.reject(new Error("store down")) } },
    });
    const response = await failing.respondToTokenRequest(good());
    expect(response.status).toBe(500);
    expect(onError).toHaveBeenCalledTimes(1);
    const unavailable = await serverWith({
      onError,
      lockout: { limiter: { ...limiter, check: () => Promise.reject(new TemporarilyUnavailableError("store down", { retryAfter: 2 })) } },
    });
    const answer = await unavailable.respondToTokenRequest(good());
    expect([answer.status, answer.headers.get("retry-after"), (await answer.json()).error]).toEqual([503, "2", "temporarily_unavailable"]);
  });

  it.each([
    [{ lockout: { limiter: { check: () => 0 } as never } }, /^lockout.limiter: /],
    [{ lockout: true as never }, /^lockout: /],
    [{ lockout: { callerKey: "x-forwarded-for" as never } }, /^lockout.callerKey: /],
  ])("refuses a wrong option at construction", async (overrides, message) => {
    await expect(serverWith(overrides)).rejects.toThrow(message);
  });
});

describe("the lockout at the revocation and introspection endpoints", () => {
  const form = (path: string, body: string, authorization: string) =>
    new Request(`${scenarioIssuer}${path}`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", authorization },
      body,
    });

  it("counts their failures with the token endpoint's, and refuses a locked-out client at all three", async () => {
    const server = await serverWith({ lockout: { limiter: new InMemoryClientAuthenticationLimiter({ maxFailures: 3 }) } });
    const issued = (await (await server.respondToTokenRequest(good())).json()) as { access_token: string };
    const wrongBasic = basicAuthorization(service.clientId, "wrong");
    const rightBasic = basicAuthorization(service.clientId, service.clientSecret);
    const token = `token=${issued.access_token}`;

    expect((await server.respondToTokenRequest(wrong())).status).toBe(401);
    expect((await server.respondToIntrospectionRequest(form("/introspect", token, wrongBasic))).status).toBe(401);
    expect((await server.respondToRevocationRequest(form("/revoke", token, wrongBasic))).status).toBe(401);

    // The third failure locked the client out: the right secret does not help until Retry-After.
    for (const response of [
      await server.respondToIntrospectionRequest(form("/introspect", token, rightBasic)),
      await server.respondToRevocationRequest(form("/revoke", token, rightBasic)),
      await server.respondToTokenRequest(good()),
    ]) {
      expect(response.status).toBe(429);
      expect(response.headers.get("retry-after")).toMatch(/^[1-9][0-9]*$/);
      expect(await response.json()).toMatchObject({ error: "invalid_client" });
    }
  });
});
