import { context, propagation, SpanKind, SpanStatusCode, trace, type Attributes, type TextMapGetter, type Tracer } from "@opentelemetry/api";
import type { RequestCompletedEvent } from "@tessera/core";
import { attributeNames as a, normalizedMethod } from "./names.js";

/** Reads propagation headers from the event's headers (never its `Request`, which would be made for it). */
const headers: TextMapGetter<RequestCompletedEvent> = {
  keys: (event) => {
    const names: string[] = [];
    event.headers.forEach((_value, name) => names.push(name));
    return names;
  },
  get: (event, key) => event.headers.get(key) ?? undefined,
};

/**
 * Records the span of a request that `requestCompleted` tells about, after the fact: it starts
 * `duration` seconds before now and ends now (the answer made, not yet sent).
 *
 * Its parent is the active span when there is one (an HTTP instrumentation's server span, which
 * already joined the caller's trace): the span is then `INTERNAL`. Otherwise it is the `SERVER`
 * span, and joins the trace the request's headers carry (`traceparent`, through the registered
 * propagator). Its name is the method and the route (`POST /token`), or only the method for a
 * path without an endpoint, so that names stay few. A 5xx answer sets the status `ERROR`; a 4xx
 * leaves it unset, as the HTTP conventions say of a server span.
 *
 * @see https://opentelemetry.io/docs/specs/semconv/http/http-spans/#http-server
 */
export function recordRequestSpan(tracer: Tracer, event: RequestCompletedEvent, route: string | undefined): void {
  const end = performance.timeOrigin + performance.now();
  const active = context.active();
  const nested = trace.getSpan(active) !== undefined;
  const parent = nested ? active : propagation.extract(active, event, headers);
  const method = normalizedMethod(event.method);
  // What a sampler may look at is given at the start, as the conventions ask.
  const attributes: Attributes = { [a.method]: method, [a.path]: event.path };
  if (route !== undefined) attributes[a.route] = route;
  const name = `${method === "_OTHER" ? "HTTP" : method}${route === undefined ? "" : ` ${route}`}`;
  const kind = nested ? SpanKind.INTERNAL : SpanKind.SERVER;
  const span = tracer.startSpan(name, { kind, startTime: end - event.duration * 1000, attributes }, parent);
  if (span.isRecording()) {
    span.setAttributes(answerAttributes(event, method));
    if (event.status >= 500) span.setStatus({ code: SpanStatusCode.ERROR, message: event.error ?? String(event.status) });
  }
  span.end(end);
}

/** What the answer adds: the status, and the OAuth identifiers and error code when there are. */
function answerAttributes(event: RequestCompletedEvent, method: string): Attributes {
  const attributes: Attributes = {
    [a.status]: event.status,
    [a.scheme]: event.url.startsWith("https:") ? "https" : "http",
  };
  if (method === "_OTHER") attributes[a.methodOriginal] = event.method;
  if (event.status >= 500) attributes[a.errorType] = String(event.status);
  if (event.error !== undefined) attributes[a.oauthError] = event.error;
  if (event.endpoint !== undefined) attributes[a.endpoint] = event.endpoint;
  if (event.clientId !== undefined) attributes[a.clientId] = event.clientId;
  if (event.grantType !== undefined) attributes[a.grantType] = event.grantType;
  return attributes;
}
