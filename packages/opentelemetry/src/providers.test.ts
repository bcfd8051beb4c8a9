import { metrics, trace } from "@opentelemetry/api";
import { MemoryStore } from "@tessera/core";
import { issueScenarioToken, scenarioClients } from "@tessera/conformance/tables";
import { afterEach, describe, expect, it } from "vitest";
import { readFile } from "node:fs/promises";
import { instrumentation } from "./instrumentation.js";
import { instrumentationScope } from "./names.js";
import { instrumentStore } from "./store.js";
import { inMemoryTelemetry, scenarioServer, tokenRequest } from "./telemetry.test.helpers.js";

afterEach(() => {
  metrics.disable();
  trace.disable();
});

describe("the providers", () => {
  it("are no-ops without an SDK: the server answers as without instrumentation", async () => {
    const { events, instrumentStore: instrument } = instrumentation();
    const store = instrument(new MemoryStore(), "memory");
    const server = await scenarioServer({ events, revocations: store, lockout: { counters: store }, onError: (error) => { throw error; } });
    await issueScenarioToken(server);
    expect((await server.fetch(tokenRequest(scenarioClients.service.clientId, "wrong-secret"))).status).toBe(401);
    expect((await server.fetch(new Request("http://localhost/nothing"))).status).toBe(404);
    expect(await store.hit("a/b", 60)).toMatchObject({ count: 1 });
    // Nor is a Request made for the event, which an adapter's plain path would have to build.
    const event = {
      endpoint: "token" as const, method: "POST", path: "/token", url: "http://localhost/token", status: 200, error: undefined, clientId: "service", grantType: "client_credentials", duration: 0.001,
      headers: new Headers(), peerAddress: undefined,
      get request(): Request {
        throw new Error("a Request was made");
      },
    };
    expect(() => events.requestCompleted?.(event)).not.toThrow();
  });

  it("default to the global ones, even when an SDK registers them after the server is made", async () => {
    const { events } = instrumentation();
    const store = instrumentStore(new MemoryStore(), "memory");
    const server = await scenarioServer({ events, revocations: store });
    await issueScenarioToken(server); // before any SDK: recorded nowhere

    const telemetry = inMemoryTelemetry();
    metrics.setGlobalMeterProvider(telemetry.meterProvider);
    trace.setGlobalTracerProvider(telemetry.tracerProvider);
    await issueScenarioToken(server);
    await store.isRevoked({ jti: "j", clientId: "c", issuedAt: 0 });
    const recorded = await telemetry.metrics();
    expect(recorded.get("tessera.tokens.issued")).toEqual([{ attributes: { "oauth.client_id": "service", "oauth.grant_type": "client_credentials" }, value: 1 }]);
    expect(recorded.get("tessera.store.operation.duration")).toEqual([
      { attributes: { "tessera.store.name": "memory", "tessera.store.operation": "isRevoked" }, value: { count: 1, sum: expect.any(Number) } },
    ]);
    expect(telemetry.spans().map((span) => span.name)).toEqual(["POST /token"]);
    await telemetry.shutdown();
  });

  it("are those given rather than the global ones", async () => {
    const global = inMemoryTelemetry();
    metrics.setGlobalMeterProvider(global.meterProvider);
    trace.setGlobalTracerProvider(global.tracerProvider);
    const given = inMemoryTelemetry();
    const { events } = instrumentation({ meterProvider: given.meterProvider, tracerProvider: given.tracerProvider });
    await issueScenarioToken(await scenarioServer({ events }));
    expect((await given.metrics()).get("tessera.tokens.issued")).toHaveLength(1);
    expect(given.spans()).toHaveLength(1);
    expect((await global.metrics()).size).toBe(0);
    expect(global.spans()).toHaveLength(0);
    await Promise.all([global.shutdown(), given.shutdown()]);
  });

  it("give meters and tracers the package's name and version as their scope", async () => {
    const manifest = JSON.parse(await readFile(new URL("../package.json", import.meta.url), "utf8")) as { name: string; version: string };
    expect(instrumentationScope).toEqual({ name: manifest.name, version: manifest.version });
    const telemetry = inMemoryTelemetry();
    const { events } = instrumentation({ tracerProvider: telemetry.tracerProvider });
    await issueScenarioToken(await scenarioServer({ events }));
    expect(telemetry.spans()[0]?.instrumentationScope).toMatchObject(instrumentationScope);
    await telemetry.shutdown();
  });

  it("refuse what is not a provider, naming the option", () => {
    expect(() => instrumentation({ meterProvider: {} as never })).toThrow(expect.objectContaining({ code: "ERR_INVALID_ARG_VALUE", message: expect.stringMatching(/^meterProvider: /) }));
    expect(() => instrumentation({ tracerProvider: "x" as never })).toThrow(/^tracerProvider: /);
    expect(() => instrumentation({ route: "/token" as never })).toThrow(/^route: /);
  });
});
