// In-memory OpenTelemetry SDK providers for the tests, and a server and requests to measure.
import type { Attributes } from "@opentelemetry/api";
import {
  AggregationTemporality,
  InMemoryMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
  type DataPoint,
  type Histogram,
} from "@opentelemetry/sdk-metrics";
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from "@opentelemetry/sdk-trace-base";
import * as core from "@tessera/core";
import { basicAuthorization } from "@tessera/core/testing";
import { createScenarioServer, scenarioIssuer } from "@tessera/conformance/tables";

/** A point of a metric: its attributes and its value (a count, or a histogram's count and sum). */
export interface Point {
  readonly attributes: Attributes;
  readonly value: number | { readonly count: number; readonly sum: number };
}

/** A tracer provider and a meter provider that keep what they record in memory. */
export function inMemoryTelemetry() {
  const spanExporter = new InMemorySpanExporter();
  const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(spanExporter)] });
  const metricExporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
  // Exports only when flushed: no timer decides what a test sees.
  const reader = new PeriodicExportingMetricReader({ exporter: metricExporter, exportIntervalMillis: 3_600_000 });
  const meterProvider = new MeterProvider({ readers: [reader] });
  return {
    tracerProvider,
    meterProvider,
    spans: (): ReadableSpan[] => spanExporter.getFinishedSpans(),
    /** Every metric recorded so far, by name. */
    async metrics(): Promise<Map<string, Point[]>> {
      await reader.forceFlush();
      const latest = metricExporter.getMetrics().at(-1);
      metricExporter.reset();
      const byName = new Map<string, Point[]>();
      for (const metric of latest?.scopeMetrics.flatMap((scope) => scope.metrics) ?? []) {
        const points = (metric.dataPoints as DataPoint<number | Histogram>[]).map(({ attributes, value }) => ({
          attributes,
          value: typeof value === "number" ? value : { count: value.count, sum: value.sum ?? 0 },
        }));
        byName.set(metric.descriptor.name, points);
      }
      return byName;
    },
    async shutdown(): Promise<void> {
      await Promise.all([tracerProvider.shutdown(), meterProvider.shutdown()]);
    },
  };
}

/** A scenario server (clients `service`, `auditor`, …; a MemoryStore for revocations) with `overrides`. */
export function scenarioServer(overrides: Partial<core.AuthorizationServerOptions> = {}): Promise<core.AuthorizationServer> {
  return createScenarioServer(core, overrides);
}

/** A client credentials token request to the scenario issuer. */
export function tokenRequest(clientId: string, secret: string, body = "grant_type=client_credentials", headers: Record<string, string> = {}): Request {
  return new Request(`${scenarioIssuer}/token`, {
    method: "POST",
    headers: { authorization: basicAuthorization(clientId, secret), "content-type": "application/x-www-form-urlencoded", ...headers },
    body,
  });
}

/** A form POST to `path` of the scenario issuer, authenticated as `clientId`. */
export function formRequest(path: string, clientId: string, secret: string, body: string): Request {
  return new Request(`${scenarioIssuer}${path}`, {
    method: "POST",
    headers: { authorization: basicAuthorization(clientId, secret), "content-type": "application/x-www-form-urlencoded" },
    body,
  });
}

/** Lets the hooks the server did not await settle. */
export function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
