import * as core from "../index.js";
import { describe, expect, it, vi } from "vitest";
import { createScenarioServer, issueScenarioToken, scenarioClients, scenarioIssuer } from "@tessera/conformance/tables";
import { TemporarilyUnavailableError } from "../protocol/faults.js";
import { basicAuthorization } from "../testing.js";

const { service } = scenarioClients;

/** A shared store, with its clients, that can be taken out of reach. */
async function sharedStore() {
  const store = new core.MemoryStore();
  await store.putClient((await new core.InMemoryClientRepository([service]).getClient(service.clientId)) as core.Client);
  const down = () => {
    const outage = () => Promise.reject(new TemporarilyUnavailableError("database down", { retryAfter: 1 }));
    for (const method of ["getClient", "hit", "peek", "reset", "revokeToken", "isRevoked"] as const) vi.spyOn(store, method).mockImplementation(outage);
  };
  return { store, down };
}

describe("the authorization server on a shared store that goes out of reach", () => {
  it("issues tokens to a client it has cached, counts failures in this process, and answers 503 for the rest", async () => {
    const { store, down } = await sharedStore();
    const changes = new core.ChangeFollower(store);
    const server = await createScenarioServer(core, {
      clients: new core.ClientCache(store, changes),
      revocations: store,
      lockout: { counters: new core.CachedCounterStore(store), maxFailures: 2 },
      onError: () => {},
    });
    await issueScenarioToken(server);
    down();

    await expect(issueScenarioToken(server)).resolves.toEqual(expect.any(String));
    const request = (authorization: string) =>
      server.respondToTokenRequest(
        new Request(`${scenarioIssuer}/token`, {
          method: "POST",
          headers: { authorization, "content-type": "application/x-www-form-urlencoded" },
          body: "grant_type=client_credentials",
        }),
      );
    const unknown = await request(basicAuthorization("not-cached", "secret"));
    expect({ status: unknown.status, body: await unknown.json() }).toMatchObject({ status: 503, body: { error: "temporarily_unavailable" } });
    for (let i = 0; i < 2; i++) expect((await request(basicAuthorization(service.clientId, "wrong"))).status).toBe(401);
    expect((await request(basicAuthorization(service.clientId, service.clientSecret))).status).toBe(429);
    await changes.close();
  });
});
