import { SpanKind, SpanStatusCode } from "@opentelemetry/api";
import { issueScenarioToken, scenarioClients } from "@tessera/conformance/tables";
import { afterEach, describe, expect, it } from "vitest";
import { instrumentation } from "./instrumentation.js";
import { formRequest, inMemoryTelemetry, scenarioServer, settle, tokenRequest, type Point } from "./telemetry.test.helpers.js";

const { service, auditor } = scenarioClients;
let telemetry = inMemoryTelemetry();

afterEach(async () => {
  await telemetry.shutdown();
  telemetry = inMemoryTelemetry();
});

function instrumented() {
  return instrumentation({ meterProvider: telemetry.meterProvider, tracerProvider: telemetry.tracerProvider });
}

/** The points of `name`, sorted for comparison. */
async function points(name: string): Promise<Point[]> {
  return ((await telemetry.metrics()).get(name) ?? []).sort((a, b) => JSON.stringify(a.attributes).localeCompare(JSON.stringify(b.attributes)));
}

describe("metrics", () => {
  it("count tokens issued by client and grant, and record the signing time of each", async () => {
    const server = await scenarioServer({ events: instrumented().events });
    await issueScenarioToken(server);
    await issueScenarioToken(server);
    await issueScenarioToken(server, auditor);
    const metrics = await telemetry.metrics();
    expect(metrics.get("tessera.tokens.issued")).toEqual(expect.arrayContaining([
      { attributes: { "oauth.client_id": "service", "oauth.grant_type": "client_credentials" }, value: 2 },
      { attributes: { "oauth.client_id": "auditor", "oauth.grant_type": "client_credentials" }, value: 1 },
    ]));
    expect(metrics.get("tessera.tokens.issued")).toHaveLength(2);
    const [signing] = metrics.get("tessera.token.signing.duration") ?? [];
    expect(signing).toEqual({ attributes: { "oauth.grant_type": "client_credentials" }, value: { count: 3, sum: expect.any(Number) } });
    expect((signing?.value as { sum: number }).sum).toBeGreaterThan(0);
  });

  it("count error answers by OAuth error code, with the client only once authenticated", async () => {
    const server = await scenarioServer({ events: instrumented().events });
    await server.fetch(tokenRequest(service.clientId, "wrong-secret"));
    await server.fetch(tokenRequest("made-up-client-7f3a", "whatever"));
    await server.fetch(tokenRequest(service.clientId, service.clientSecret, "grant_type=password"));
    await server.fetch(tokenRequest(service.clientId, service.clientSecret, "grant_type=client_credentials&scope=admin"));
    expect(await points("tessera.oauth.errors")).toEqual([
      { attributes: { "error.type": "invalid_client", "tessera.endpoint": "token", "oauth.grant_type": "client_credentials" }, value: 2 },
      { attributes: { "error.type": "invalid_scope", "tessera.endpoint": "token", "oauth.client_id": "service", "oauth.grant_type": "client_credentials" }, value: 1 },
      { attributes: { "error.type": "unsupported_grant_type", "tessera.endpoint": "token" }, value: 1 },
    ]);
  });

  it("count failed client authentications by endpoint, never by the client id presented", async () => {
    const server = await scenarioServer({ events: instrumented().events });
    await server.fetch(tokenRequest("made-up-client-7f3a", "whatever"));
    await server.fetch(formRequest("/introspect", "made-up-client-7f3a", "whatever", "token=abc"));
    const metrics = await telemetry.metrics();
    expect(metrics.get("tessera.client.authentication.failures")).toEqual(expect.arrayContaining([
      { attributes: { "tessera.endpoint": "token" }, value: 1 },
      { attributes: { "tessera.endpoint": "introspection" }, value: 1 },
    ]));
    expect(JSON.stringify([...metrics])).not.toContain("made-up-client-7f3a");
    expect(JSON.stringify(telemetry.spans().map((span) => span.attributes))).not.toContain("made-up-client-7f3a");
  });

  it("record each request's duration under the HTTP server conventions, with a bounded route and method", async () => {
    const server = await scenarioServer({ events: instrumented().events });
    await issueScenarioToken(server);
    await server.fetch(tokenRequest(service.clientId, "wrong-secret"));
    await server.fetch(new Request("http://localhost/no/such/path/8c1e"));
    await server.fetch(new Request("http://localhost/token", { method: "PURGE" }));
    const durations = await points("http.server.request.duration");
    expect(durations.map(({ attributes }) => attributes)).toEqual([
      { "http.request.method": "_OTHER", "http.response.status_code": 405, "http.route": "/token" },
      { "http.request.method": "GET", "http.response.status_code": 404 },
      { "http.request.method": "POST", "http.response.status_code": 200, "http.route": "/token" },
      { "http.request.method": "POST", "http.response.status_code": 401, "http.route": "/token" },
    ]);
    for (const { value } of durations) expect(value).toEqual({ count: 1, sum: expect.any(Number) });
  });

  it("set error.type to the status of a 5xx answer", async () => {
    const audit = async () => {
      throw new Error("the audit database is down");
    };
    const server = await scenarioServer({ events: instrumented().events, audit, onError: () => {} });
    expect((await server.fetch(tokenRequest(service.clientId, service.clientSecret))).status).toBe(500);
    expect((await points("http.server.request.duration")).map(({ attributes }) => attributes)).toEqual([
      { "http.request.method": "POST", "http.response.status_code": 500, "http.route": "/token", "error.type": "500" },
    ]);
  });

  it("count lockouts by scope, revocations and introspections by the authenticated client, key changes by alg", async () => {
    const server = await scenarioServer({ events: instrumented().events, lockout: { maxFailures: 2 } });
    const token = await issueScenarioToken(server);
    await server.fetch(formRequest("/introspect", auditor.clientId, auditor.clientSecret, `token=${token}`));
    await server.fetch(formRequest("/revoke", service.clientId, service.clientSecret, `token=${token}`));
    await server.fetch(formRequest("/introspect", auditor.clientId, auditor.clientSecret, `token=${token}`));
    for (let i = 0; i < 2; i++) await server.fetch(tokenRequest(service.clientId, "wrong-secret"));
    await settle();
    const metrics = await telemetry.metrics();
    expect(metrics.get("tessera.lockouts.started")).toEqual([{ attributes: { "tessera.lockout.scope": "client" }, value: 1 }]);
    expect(metrics.get("tessera.tokens.revoked")).toEqual([{ attributes: { "oauth.client_id": "service" }, value: 1 }]);
    expect(metrics.get("tessera.introspections")).toEqual(expect.arrayContaining([
      { attributes: { "oauth.client_id": "auditor", "tessera.token.active": true }, value: 1 },
      { attributes: { "oauth.client_id": "auditor", "tessera.token.active": false }, value: 1 },
    ]));
    expect(metrics.get("tessera.key.changes")).toEqual([{ attributes: { "tessera.key.change": "activated", "tessera.key.alg": "RS256" }, value: 1 }]);
  });
});

describe("spans", () => {
  it("are one per request, named by method and route, with the HTTP and OAuth attributes", async () => {
    const server = await scenarioServer({ events: instrumented().events });
    const before = Date.now();
    await issueScenarioToken(server);
    await server.fetch(tokenRequest(service.clientId, "wrong-secret"));
    await server.fetch(new Request("http://localhost/no/such/path/8c1e"));
    const spans = telemetry.spans();
    expect(spans.map((span) => span.name)).toEqual(["POST /token", "POST /token", "GET"]);
    expect(spans.every((span) => span.kind === SpanKind.SERVER && span.parentSpanContext === undefined)).toBe(true);
    expect(spans.map((span) => span.attributes)).toEqual([
      {
        "http.request.method": "POST", "url.path": "/token", "http.route": "/token", "url.scheme": "http",
        "http.response.status_code": 200, "tessera.endpoint": "token", "oauth.client_id": "service", "oauth.grant_type": "client_credentials",
      },
      {
        "http.request.method": "POST", "url.path": "/token", "http.route": "/token", "url.scheme": "http",
        "http.response.status_code": 401, "tessera.endpoint": "token", "oauth.error": "invalid_client", "oauth.grant_type": "client_credentials",
      },
      { "http.request.method": "GET", "url.path": "/no/such/path/8c1e", "url.scheme": "http", "http.response.status_code": 404 },
    ]);
    // A 4xx leaves a server span's status unset.
    expect(spans.map((span) => span.status.code)).toEqual([SpanStatusCode.UNSET, SpanStatusCode.UNSET, SpanStatusCode.UNSET]);
    for (const span of spans) {
      const start = span.startTime[0] * 1000 + span.startTime[1] / 1e6;
      const end = span.endTime[0] * 1000 + span.endTime[1] / 1e6;
      expect(start).toBeGreaterThanOrEqual(before - 1);
      expect(end).toBeGreaterThanOrEqual(start);
      expect(end).toBeLessThanOrEqual(Date.now() + 1);
    }
  });

  it("have the status ERROR for a 5xx answer", async () => {
    const audit = async () => {
      throw new Error("the audit database is down");
    };
    const server = await scenarioServer({ events: instrumented().events, audit, onError: () => {} });
    await server.fetch(tokenRequest(service.clientId, service.clientSecret));
    const [span] = telemetry.spans();
    expect(span?.status).toEqual({ code: SpanStatusCode.ERROR, message: "server_error" });
    expect(span?.attributes).toMatchObject({ "http.response.status_code": 500, "error.type": "500", "oauth.error": "server_error" });
  });

  it("take their route from the route option", async () => {
    const route = (event: { readonly endpoint: string | undefined }) => (event.endpoint === undefined ? undefined : `/tenants/:tenant/${event.endpoint}`);
    const events = instrumentation({ meterProvider: telemetry.meterProvider, tracerProvider: telemetry.tracerProvider, route }).events;
    const server = await scenarioServer({ events });
    await issueScenarioToken(server);
    expect(telemetry.spans().map((span) => [span.name, span.attributes["http.route"]])).toEqual([["POST /tenants/:tenant/token", "/tenants/:tenant/token"]]);
  });
});
