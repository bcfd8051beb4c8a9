import * as core from "../index.js";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { TemporarilyUnavailableError, RequestTimeoutError } from "../protocol/faults.js";
import { InMemoryClientRepository } from "./repositories/clients.js";
import { InMemoryScopeRepository } from "./repositories/scopes.js";
import type { AuthorizationServerOptions } from "./options.js";
import type { ClientRepository } from "../storage/clients.js";
import { basicAuthorization, generateTestSigningKey } from "../testing.js";
import { createScenarioServer, scenarioClients, scenarioIssuer } from "@tessera/conformance/tables";

const { service } = scenarioClients;
const good = () =>
  new Request(`${scenarioIssuer}/token`, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      authorization: basicAuthorization(service.clientId, service.clientSecret),
    },
    body: "grant_type=client_credentials",
  });

let keyPair: CryptoKeyPair;
beforeAll(async () => {
  keyPair = await generateTestSigningKey();
});
afterEach(() => vi.restoreAllMocks());

const realClients = () => new InMemoryClientRepository(Object.values(scenarioClients));

/** A wrapper that makes a dependency fail once with `failure`, then work; and what onError saw. */
function failOnce(failure: unknown) {
  const reported: unknown[] = [];
  let failed = false;
  const once =
    <T>(work: () => Promise<T>) =>
    (): Promise<T> => {
      if (failed) return work();
      failed = true;
      return Promise.reject(failure);
    };
  return { reported, once, onError: (error: unknown) => void reported.push(error) };
}

async function expectAnswer(response: Response, status: number, error: string) {
  expect(response.status).toBe(status);
  expect(response.headers.get("cache-control")).toBe("no-store");
  const body = await response.json();
  expect(Object.keys(body).sort()).toEqual(["error", "error_description"]);
  expect(body.error).toBe(error);
  return body as { error: string; error_description: string };
}

describe("faults on the server's side", () => {
  const secret = "db password hunter2 at 10.0.0.7";
  const dependencies: [string, (once: <T>(work: () => Promise<T>) => () => Promise<T>) => Partial<AuthorizationServerOptions>][] = [
    ["the client repository", (once) => {
      const clients = realClients();
      return { clients: { getClient: (id) => once(() => clients.getClient(id))() } satisfies ClientRepository };
    }],
    ["the scope repository", (once) => {
      const scopes = new InMemoryScopeRepository(["read", "write", "admin"]);
      return { scopes: { findScopes: (s) => once(() => scopes.findScopes(s))() } };
    }],
    ["the audit hook", (once) => ({ audit: () => once(async () => {})() })],
  ];

  it.each(dependencies)("%s throws: 500 server_error, onError told, nothing leaked, the next request served", async (_name, make) => {
    const cause = new Error(secret);
    const { reported, once, onError } = failOnce(cause);
    const server = await createScenarioServer(core, { onError, ...make(once) }, keyPair);
    const response = await server.respondToTokenRequest(good());
    const text = await response.clone().text();
    expect(text).not.toContain("hunter2");
    const body = await expectAnswer(response, 500, "server_error");
    expect(body.error_description).toBe("The authorization server encountered an unexpected condition.");
    expect(reported).toEqual([cause]);
    expect((await server.respondToTokenRequest(good())).status).toBe(200);
  });

  it.each(dependencies)("%s declares itself unavailable: 503 temporarily_unavailable with Retry-After", async (_name, make) => {
    const cause = new TemporarilyUnavailableError(secret, { retryAfter: 4.2 });
    const { reported, once, onError } = failOnce(cause);
    const server = await createScenarioServer(core, { onError, ...make(once) }, keyPair);
    const response = await server.respondToTokenRequest(good());
    expect(response.headers.get("retry-after")).toBe("5");
    const body = await expectAnswer(response, 503, "temporarily_unavailable");
    expect(JSON.stringify(body)).not.toContain("hunter2");
    expect(reported).toEqual([cause]);
    expect((await server.respondToTokenRequest(good())).status).toBe(200);
  });

  it("a dependency that hangs: 500 server_error after limits.timeout, reported; the server keeps serving", async () => {
    const reported: unknown[] = [];
    const clients = realClients();
    let hang = true;
    const server = await createScenarioServer(core, 
      {
        limits: { timeout: 0.05 },
        onError: (error) => reported.push(error),
        clients: { getClient: (id) => (hang ? new Promise(() => {}) : clients.getClient(id)) },
      },
      keyPair,
    );
    await expectAnswer(await server.respondToTokenRequest(good()), 500, "server_error");
    expect(reported).toHaveLength(1);
    expect(reported[0]).toBeInstanceOf(RequestTimeoutError);
    hang = false;
    expect((await server.respondToTokenRequest(good())).status).toBe(200);
  });

  it("a signing failure: 500 server_error, reported, and the next token is signed", async () => {
    const reported: unknown[] = [];
    const server = await createScenarioServer(core, { onError: (error) => reported.push(error) }, keyPair);
    await server.ready;
    const failure = new Error("HSM offline");
    vi.spyOn(crypto.subtle, "sign").mockRejectedValueOnce(failure);
    await expectAnswer(await server.respondToTokenRequest(good()), 500, "server_error");
    expect(reported).toEqual([failure]);
    expect((await server.respondToTokenRequest(good())).status).toBe(200);
  });

  it("a repository that throws a non-Error value still gets a 500, never a crash", async () => {
    for (const thrown of [undefined, null, "text", 42, { toString: () => { throw new Error("evil"); } }]) {
      const server = await createScenarioServer(core, 
        { onError: () => {}, clients: { getClient: () => Promise.reject(thrown) } },
        keyPair,
      );
      await expectAnswer(await server.respondToTokenRequest(good()), 500, "server_error");
    }
  });

  it("TemporarilyUnavailableError keeps a usable Retry-After only", () => {
    expect(new TemporarilyUnavailableError("x", { retryAfter: 0.1 }).retryAfter).toBe(1);
    expect(new TemporarilyUnavailableError("x", { retryAfter: -1 }).retryAfter).toBeUndefined();
    expect(new TemporarilyUnavailableError("x", { retryAfter: Number.NaN }).retryAfter).toBeUndefined();
    expect(new TemporarilyUnavailableError().message).toBe("a dependency is temporarily unavailable");
  });
});
