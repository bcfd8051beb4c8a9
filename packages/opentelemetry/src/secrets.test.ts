import { jwtBearer, scenarioClients, scenarioIssuer, signTestAssertion, signTestProof } from "@tessera/conformance/tables";
import { MemoryStore, hashClientSecret } from "@tessera/core";
import { basicAuthorization } from "@tessera/core/testing";
import { describe, expect, it } from "vitest";
import { instrumentation } from "./instrumentation.js";
import { formRequest, inMemoryTelemetry, scenarioServer, settle, tokenRequest } from "./telemetry.test.helpers.js";

const { keyClient, auditor } = scenarioClients;

describe("what is recorded", () => {
  it("never holds a secret, a token, an assertion or a DPoP proof: not in a span, not in a metric", async () => {
    const telemetry = inMemoryTelemetry();
    const { events, instrumentStore } = instrumentation({ meterProvider: telemetry.meterProvider, tracerProvider: telemetry.tracerProvider });
    const secret = "Kn0wn-s3cret-4f9d2a71e5c8";
    const store = instrumentStore(new MemoryStore(), "memory");
    const grantTypes = ["client_credentials"];
    await store.createClient({ clientId: "known", secrets: [{ hash: await hashClientSecret(secret) }], grantTypes, scopes: ["read"] });
    await store.createClient({ clientId: auditor.clientId, secrets: [{ hash: await hashClientSecret(auditor.clientSecret) }], grantTypes, scopes: ["read"], introspection: true });
    await store.createClient({ ...keyClient, grantTypes });
    const server = await scenarioServer({ events, clients: store, revocations: store, lockout: { counters: store }, replay: store });

    const proof = await signTestProof({ method: "POST", url: `${scenarioIssuer}/token` });
    const issued = await server.fetch(tokenRequest("known", secret, "grant_type=client_credentials", { dpop: proof }));
    const { access_token: dpopToken } = (await issued.json()) as { access_token: string };
    const plain = await server.fetch(tokenRequest("known", secret));
    const { access_token: token } = (await plain.json()) as { access_token: string };
    const assertion = await signTestAssertion({ clientId: keyClient.clientId });
    const asserted = await server.fetch(new Request(`${scenarioIssuer}/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ grant_type: "client_credentials", client_id: keyClient.clientId, client_assertion_type: jwtBearer, client_assertion: assertion }),
    }));
    const { access_token: assertedToken } = (await asserted.json()) as { access_token: string };
    expect([issued.status, plain.status, asserted.status]).toEqual([200, 200, 200]);
    const introspected = await server.fetch(formRequest("/introspect", auditor.clientId, auditor.clientSecret, `token=${dpopToken}`));
    expect(await introspected.json()).toMatchObject({ active: true });
    expect((await server.fetch(formRequest("/revoke", "known", secret, `token=${token}`))).status).toBe(200);
    expect((await server.fetch(tokenRequest("known", `${secret}-wrong`))).status).toBe(401);
    await server.fetch(new Request(`${scenarioIssuer}/token?client_secret=${secret}`, { method: "POST" }));
    await settle();

    const spans = telemetry.spans();
    const metrics = await telemetry.metrics();
    expect(spans).toHaveLength(7); // one per request
    expect(metrics.get("tessera.tokens.issued")?.length).toBe(2); // known, key-client
    expect(metrics.get("tessera.store.operation.duration")?.length).toBeGreaterThan(0);
    const recorded = JSON.stringify({
      spans: spans.map(({ name, attributes, status, events: spanEvents, links }) => ({ name, attributes, status, spanEvents, links })),
      metrics: [...metrics],
    });
    const basic = basicAuthorization("known", secret).replace(/^Basic /, "");
    for (const [what, value] of Object.entries({ secret, basic, token, dpopToken, assertedToken, assertion, proof })) {
      expect(value.length, what).toBeGreaterThan(16);
      expect(recorded.includes(value), what).toBe(false);
      // Not even a part: the signature of a JWT alone would do harm in a log.
      for (const part of value.split(".").filter((part) => part.length >= 16)) expect(recorded.includes(part), what).toBe(false);
    }
    await telemetry.shutdown();
  });
});
