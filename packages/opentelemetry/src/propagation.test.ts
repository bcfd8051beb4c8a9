import { context, propagation, SpanKind, trace } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { W3CTraceContextPropagator } from "@opentelemetry/core";
import { MemoryStore } from "@tessera/core";
import { issueScenarioToken, scenarioClients } from "@tessera/conformance/tables";
import { afterEach, describe, expect, it } from "vitest";
import { instrumentation } from "./instrumentation.js";
import { formRequest, inMemoryTelemetry, scenarioServer, tokenRequest } from "./telemetry.test.helpers.js";

const { service } = scenarioClients;
const telemetry = inMemoryTelemetry();
const { events, instrumentStore } = instrumentation({ meterProvider: telemetry.meterProvider, tracerProvider: telemetry.tracerProvider });

afterEach(() => {
  propagation.disable();
  context.disable();
});

describe("the span of a request", () => {
  it("joins the caller's trace from its traceparent header, through the registered propagator", async () => {
    propagation.setGlobalPropagator(new W3CTraceContextPropagator());
    const server = await scenarioServer({ events });
    const traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    const callerSpanId = "00f067aa0ba902b7";
    await server.fetch(tokenRequest(service.clientId, service.clientSecret, undefined, { traceparent: `00-${traceId}-${callerSpanId}-01` }));
    const span = telemetry.spans().at(-1);
    expect(span?.name).toBe("POST /token");
    expect(span?.spanContext().traceId).toBe(traceId);
    expect(span?.parentSpanContext).toMatchObject({ traceId, spanId: callerSpanId, isRemote: true });
    expect(span?.kind).toBe(SpanKind.SERVER);
  });

  it("starts a trace of its own without a traceparent, or without a propagator", async () => {
    const server = await scenarioServer({ events });
    await server.fetch(tokenRequest(service.clientId, service.clientSecret, undefined, { traceparent: `00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01` }));
    expect(telemetry.spans().at(-1)?.parentSpanContext).toBeUndefined();
  });

  it("is an INTERNAL child of the active span, an HTTP instrumentation's, and so are the store's operations", async () => {
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    const store = instrumentStore(new MemoryStore(), "memory");
    const server = await scenarioServer({ events, revocations: store });
    const token = await issueScenarioToken(server);
    const tracer = telemetry.tracerProvider.getTracer("http");
    const parent = tracer.startSpan("POST", { kind: SpanKind.SERVER });
    await context.with(trace.setSpan(context.active(), parent), () =>
      server.fetch(formRequest("/revoke", service.clientId, service.clientSecret, `token=${token}`)),
    );
    parent.end();
    const spans = telemetry.spans();
    const request = spans.find((span) => span.name === "POST /revoke");
    expect(request?.kind).toBe(SpanKind.INTERNAL);
    expect(request?.parentSpanContext?.spanId).toBe(parent.spanContext().spanId);
    const operations = spans.filter((span) => span.name.startsWith("memory "));
    expect(operations.map((span) => span.name)).toContain("memory revokeToken");
    for (const operation of operations) {
      expect(operation.parentSpanContext?.spanId).toBe(parent.spanContext().spanId);
      expect(operation.attributes).toMatchObject({ "tessera.store.name": "memory" });
    }
  });
});
