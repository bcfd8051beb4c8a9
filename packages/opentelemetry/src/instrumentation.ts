import type { AuthorizationServerEvents, RequestCompletedEvent } from "@tessera/core";
import { invalidOption } from "@tessera/core/store";
import {
  recordAuthenticationFailed,
  recordIntrospection,
  recordIssued,
  recordKeyChange,
  recordLockout,
  recordRequest,
  recordRevoked,
  serverInstruments,
} from "./metrics.js";
import { checkProviders, perMeter, tracerOf, type TelemetryProviders } from "./providers.js";
import { recordRequestSpan } from "./request-span.js";
import { instrumentStore } from "./store.js";

/** Options of {@link instrumentation}. */
export interface InstrumentationOptions extends TelemetryProviders {
  /**
   * The `http.route` of a request, also in its span's name; `undefined` for none. Give one when
   * the `respondTo…` methods are mounted under a route with parameters (`/tenants/:tenant/token`),
   * so that the route, not each path, is recorded.
   * @defaultValue the request's path when it reached an endpoint (with `server.fetch`, the
   * endpoint's exact path), `undefined` when it reached none (a 404)
   */
  readonly route?: ((event: RequestCompletedEvent) => string | undefined) | undefined;
}

/** What {@link instrumentation} returns. */
export interface Instrumentation {
  /**
   * The hooks to pass as the server's `events` option (through {@link combineEvents} with hooks
   * of your own): they record the metrics and the request spans.
   */
  readonly events: AuthorizationServerEvents;
  /** {@link instrumentStore} with this instrumentation's providers. */
  instrumentStore<S extends object>(store: S, name: string): S;
}

/**
 * Metrics and traces for an authorization server, from its events. Pass `events` to
 * `createAuthorizationServer`; wrap its stores with `instrumentStore`.
 *
 * Metrics: `http.server.request.duration` (seconds, by `http.request.method`,
 * `http.response.status_code`, `http.route`, and `error.type` for a 5xx), `tessera.tokens.issued`
 * (by `oauth.client_id`, `oauth.grant_type`), `tessera.oauth.errors` (by `error.type`, the OAuth
 * error code, and `tessera.endpoint`, with the client and grant when known),
 * `tessera.token.signing.duration` (seconds), `tessera.client.authentication.failures` (by
 * `tessera.endpoint`), `tessera.lockouts.started` (by `tessera.lockout.scope`),
 * `tessera.tokens.revoked`, `tessera.introspections`, `tessera.key.changes`. Traces: one span per
 * request (see the package's README). Every attribute value is bounded, and a client id is
 * recorded only once authenticated: the one a failed authentication presented is unverified, so
 * it is never an attribute. No secret, token, assertion or DPoP proof is ever recorded.
 *
 * Without an OpenTelemetry SDK registered (and no provider given), the API is a no-op: each hook
 * reads its event and records nothing, and no `Request` is made for it.
 *
 * @see https://opentelemetry.io/docs/specs/semconv/http/http-metrics/
 */
export function instrumentation(options?: InstrumentationOptions): Instrumentation {
  const providers = checkProviders(options);
  const route = options?.route ?? defaultRoute;
  if (typeof route !== "function") throw invalidOption("route", "expected a function of the requestCompleted event");
  const instruments = perMeter(providers.meterProvider, serverInstruments);
  const tracer = tracerOf(providers.tracerProvider);
  const events: AuthorizationServerEvents = Object.freeze({
    requestCompleted: (event: RequestCompletedEvent) => {
      const routed = route(event);
      recordRequest(instruments(), event, routed);
      recordRequestSpan(tracer, event, routed);
    },
    accessTokenIssued: (event) => recordIssued(instruments(), event),
    clientAuthenticationFailed: (event) => recordAuthenticationFailed(instruments(), event),
    lockoutStarted: (event) => recordLockout(instruments(), event),
    tokenRevoked: (event) => recordRevoked(instruments(), event),
    introspectionPerformed: (event) => recordIntrospection(instruments(), event),
    keyAdded: (event) => recordKeyChange(instruments(), "added", event),
    keyActivated: (event) => recordKeyChange(instruments(), "activated", event),
    keyRetired: (event) => recordKeyChange(instruments(), "retired", event),
  } satisfies AuthorizationServerEvents);
  return Object.freeze({
    events,
    instrumentStore: <S extends object>(store: S, name: string): S => instrumentStore(store, name, providers),
  });
}

function defaultRoute(event: RequestCompletedEvent): string | undefined {
  return event.endpoint === undefined ? undefined : event.path;
}
