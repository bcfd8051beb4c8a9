import * as core from "../../index.js";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { TemporarilyUnavailableError } from "../../protocol/faults.js";
import { BoundedCounterStore } from "../../storage/bounded-counter-store.js";
import type { CounterState, CounterStore } from "../../storage/counters.js";
import type { ClientRepository } from "../../storage/clients.js";
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

/** The caller a test request says it comes from, for `callerKey`. */
const callerKey = (request: Request) => request.headers.get("x-test-caller") ?? undefined;
function from(caller: string, request: Request): Request {
  request.headers.set("x-test-caller", caller);
  return request;
}
const bind = (store: CounterStore): CounterStore => ({
  counterConsistency: store.counterConsistency,
  hit: (key, window) => store.hit(key, window),
  peek: (key) => store.peek(key),
  reset: (key) => store.reset(key),
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
    const server = await serverWith({ clients, lockout: { maxFailures: 1 } });
    await server.respondToTokenRequest(wrong());
    expect(getClient).toHaveBeenCalledTimes(1);
    expect((await server.respondToTokenRequest(good())).status).toBe(429);
    expect(getClient).toHaveBeenCalledTimes(1);
  });

  it("counts client_secret_post and Basic failures against the same client id, and a token resets them", async () => {
    const server = await serverWith({ lockout: { maxFailures: 2 } });
    await server.respondToTokenRequest(post(`grant_type=client_credentials&client_id=${service.clientId}&client_secret=nope`));
    expect((await server.respondToTokenRequest(good())).status).toBe(200);
    await server.respondToTokenRequest(wrong());
    expect((await server.respondToTokenRequest(good())).status).toBe(200);
    await server.respondToTokenRequest(wrong());
    await server.respondToTokenRequest(post(`grant_type=client_credentials&client_id=${service.clientId}&client_secret=nope`));
    expect((await server.respondToTokenRequest(good())).status).toBe(429);
  });

  it("with callerKey, locks out a caller that tries many client ids", async () => {
    const server = await serverWith({ lockout: { maxFailures: 3, maxCallerFailures: 3, callerKey } });
    for (let i = 0; i < 3; i++) await server.respondToTokenRequest(from("attacker", basic(`guess-${i}`, "x")));
    expect((await server.respondToTokenRequest(from("attacker", good()))).status).toBe(429);
    expect((await server.respondToTokenRequest(from("someone-else", good()))).status).toBe(200);
  });

  it("with callerKey, counts a client's failures per caller: no one can lock a client out for everyone", async () => {
    const server = await serverWith({ lockout: { maxFailures: 3, maxCallerFailures: 3, callerKey } });
    for (let i = 0; i < 3; i++) await server.respondToTokenRequest(from("attacker", wrong()));
    expect((await server.respondToTokenRequest(from("attacker", good()))).status).toBe(429);
    expect((await server.respondToTokenRequest(from("the-service", good()))).status).toBe(200);
  });

  it("does not count requests refused for other reasons than client authentication", async () => {
    const server = await serverWith({ lockout: { maxFailures: 1 } });
    const auth = { authorization: basicAuthorization(service.clientId, service.clientSecret) };
    for (const body of ["grant_type=client_credentials&scope=admin", "grant_type=password", "grant_type=client_credentials&a=1&a=2"]) {
      expect((await server.respondToTokenRequest(post(body, auth))).status).toBe(400);
    }
    expect((await server.respondToTokenRequest(good())).status).toBe(200);
  });

  it("writes nothing to its counters for a success with no failure counted: issuing a token is a read", async () => {
    const calls: string[] = [];
    const store = new BoundedCounterStore();
    const counters: CounterStore = {
      counterConsistency: "strong",
      hit: async (key, window) => (calls.push("hit"), store.hit(key, window)),
      peek: async (key) => (calls.push("peek"), store.peek(key)),
      reset: async (key) => (calls.push("reset"), store.reset(key)),
    };
    const server = await serverWith({ lockout: { counters } });
    expect((await server.respondToTokenRequest(good())).status).toBe(200);
    expect((await server.respondToTokenRequest(good())).status).toBe(200);
    expect(calls).toEqual(["peek", "peek"]);
  });

  it("can be turned off with false", async () => {
    const server = await serverWith({ lockout: false });
    for (let i = 0; i < 30; i++) await server.respondToTokenRequest(wrong());
    expect((await server.respondToTokenRequest(good())).status).toBe(200);
  });

  it("counts in the CounterStore it is given, and fails closed when the store fails", async () => {
    const calls: string[] = [];
    const store = new BoundedCounterStore();
    const counters: CounterStore = {
      counterConsistency: "strong",
      hit: async (key, window) => (calls.push(`hit ${window}`), store.hit(key, window)),
      peek: async (key) => (calls.push("peek"), store.peek(key)),
      reset: async (key) => void calls.push("reset", key),
    };
    const server = await serverWith({ lockout: { counters, window: 60 } });
    await server.respondToTokenRequest(wrong());
    await server.respondToTokenRequest(good());
    expect(calls.slice(0, 6)).toEqual(["peek", "hit 60", "peek", "reset", expect.stringMatching(/^-\/client:[A-Za-z0-9_-]{22}$/)]);

    const onError = vi.fn();
    const failing = await serverWith({ onError, lockout: { counters: { ...counters, peek: () => Promise.reject(new Error("store down")) } } });
    expect((await failing.respondToTokenRequest(good())).status).toBe(500);
    expect(onError).toHaveBeenCalledTimes(1);
    const down = (): Promise<CounterState> => Promise.reject(new TemporarilyUnavailableError("store down", { retryAfter: 2 }));
    const unavailable = await serverWith({ onError, lockout: { counters: { ...counters, peek: down } } });
    const answer = await unavailable.respondToTokenRequest(good());
    expect([answer.status, answer.headers.get("retry-after"), (await answer.json()).error]).toEqual([503, "2", "temporarily_unavailable"]);
  });

  it.each([
    [{ lockout: { counters: { hit: () => 0 } as never } }, /^lockout.counters: /],
    [{ lockout: { maxFailures: 0 } }, /^lockout.maxFailures: /],
    [{ lockout: { window: 1.5 } }, /^lockout.window: /],
    [{ lockout: true as never }, /^lockout: /],
    [{ lockout: { callerKey: "x-forwarded-for" as never } }, /^lockout.callerKey: /],
  ])("refuses a wrong option at construction", async (overrides, message) => {
    await expect(serverWith(overrides)).rejects.toThrow(message);
  });
});

describe("the lockout cannot be emptied or turned against a client (issue 18)", () => {
  it("a flood of made-up client ids does not free a locked client (finding 1)", async () => {
    const server = await serverWith({ lockout: { counters: new BoundedCounterStore({ maxKeys: 50 }) } });
    for (let i = 0; i < 10; i++) await server.respondToTokenRequest(wrong());
    for (let i = 0; i < 500; i++) await server.respondToTokenRequest(basic(`made-up-${i}`, "x"));
    expect((await server.respondToTokenRequest(good())).status).toBe(429);
  });

  it("a success of the caller's own client does not reset the caller's count (finding 2)", async () => {
    const server = await serverWith({ lockout: { maxFailures: 10, maxCallerFailures: 10, callerKey } });
    let refused = 0;
    for (let round = 0; round < 5; round++) {
      for (let i = 0; i < 9; i++) {
        const response = await server.respondToTokenRequest(from("attacker", basic(`victim-${round}-${i}`, "guess")));
        if (response.status === 429) refused++;
      }
      await server.respondToTokenRequest(from("attacker", good())); // its own client, its own secret
    }
    expect(refused).toBeGreaterThanOrEqual(45 - 10);
  });

  it("refuses a client id over 256 characters before any lookup, and counts under a key of fixed size (finding 3)", async () => {
    const clients = new InMemoryClientRepository(Object.values(scenarioClients));
    const getClient = vi.spyOn(clients, "getClient");
    const keys: string[] = [];
    const store = new BoundedCounterStore();
    const counters: CounterStore = { ...bind(store), hit: (key, window) => (keys.push(key), store.hit(key, window)) };
    const server = await serverWith({ clients, lockout: { counters } });
    const long = await server.respondToTokenRequest(basic("x".repeat(257), "secret"));
    expect(long.status).toBe(401);
    expect(getClient).not.toHaveBeenCalled();
    await server.respondToTokenRequest(post(`grant_type=client_credentials&client_id=${"y".repeat(16_000)}&client_secret=x`));
    expect(keys.map((key) => key.length)).toEqual([31, 31]);
  });

  it("counts every spelling of a client under the client it resolves to (finding 4)", async () => {
    const registered = new InMemoryClientRepository(Object.values(scenarioClients));
    // A repository that, like a case-insensitive SQL collation, finds `service` by any spelling.
    const clients: ClientRepository = { getClient: (id) => registered.getClient(id.toLowerCase()) };
    const server = await serverWith({ clients, lockout: { maxFailures: 10 } });
    const spellings = ["SERVICE", "Service", "sErViCe", "SeRvIcE", "serviCE", "SERVice", "servICE", "sERVICE", "SERVICe"];
    for (const spelling of spellings) expect((await server.respondToTokenRequest(basic(spelling, "guess"))).status).toBe(401);
    expect((await server.respondToTokenRequest(wrong())).status).toBe(401);
    expect((await server.respondToTokenRequest(basic("SErvice", service.clientSecret))).status).toBe(429);
    expect((await server.respondToTokenRequest(good())).status).toBe(429);
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
    const server = await serverWith({ lockout: { maxFailures: 3 } });
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
