import type { Attributes, Counter, Histogram, Meter } from "@opentelemetry/api";
import type {
  AccessTokenIssuedEvent,
  ClientAuthenticationFailedEvent,
  IntrospectionPerformedEvent,
  KeyChangedEvent,
  LockoutStartedEvent,
  RequestCompletedEvent,
  TokenRevokedEvent,
} from "@tessera/core";
import { attributeNames as a, metricNames as m, normalizedMethod, operationBuckets, requestBuckets } from "./names.js";

/** The instruments of one meter, for the server's events. */
export interface ServerInstruments {
  readonly requestDuration: Histogram;
  readonly tokensIssued: Counter;
  readonly oauthErrors: Counter;
  readonly signingDuration: Histogram;
  readonly authenticationFailures: Counter;
  readonly lockoutsStarted: Counter;
  readonly tokensRevoked: Counter;
  readonly introspections: Counter;
  readonly keyChanges: Counter;
}

/** Makes the instruments of the server's events on `meter`. */
export function serverInstruments(meter: Meter): ServerInstruments {
  const counter = (name: string, unit: string, description: string) => meter.createCounter(name, { unit, description });
  return {
    requestDuration: meter.createHistogram(m.requestDuration, {
      unit: "s",
      description: "Duration of HTTP server requests.",
      advice: { explicitBucketBoundaries: [...requestBuckets] },
    }),
    signingDuration: meter.createHistogram(m.signingDuration, {
      unit: "s",
      description: "Time spent signing each access token.",
      advice: { explicitBucketBoundaries: [...operationBuckets] },
    }),
    tokensIssued: counter(m.tokensIssued, "{token}", "Access tokens issued."),
    oauthErrors: counter(m.oauthErrors, "{response}", "OAuth error responses, by error code."),
    authenticationFailures: counter(m.authenticationFailures, "{request}", "Requests answered invalid_client."),
    lockoutsStarted: counter(m.lockoutsStarted, "{lockout}", "Lockouts started after repeated authentication failures."),
    tokensRevoked: counter(m.tokensRevoked, "{token}", "Access tokens revoked by their client."),
    introspections: counter(m.introspections, "{request}", "Token introspections."),
    keyChanges: counter(m.keyChanges, "{key}", "Signing keys added, activated and retired."),
  };
}

/**
 * Records a request: its duration under the HTTP server conventions (`error.type` is the status
 * code of a 5xx answer, as they say), and an error answer by its OAuth error code.
 */
export function recordRequest(instruments: ServerInstruments, event: RequestCompletedEvent, route: string | undefined): void {
  const attributes: Attributes = {
    [a.method]: normalizedMethod(event.method),
    [a.status]: event.status,
  };
  if (route !== undefined) attributes[a.route] = route;
  if (event.status >= 500) attributes[a.errorType] = String(event.status);
  instruments.requestDuration.record(event.duration, attributes);
  if (event.error === undefined) return;
  const failure: Attributes = { [a.errorType]: event.error };
  if (event.endpoint !== undefined) failure[a.endpoint] = event.endpoint;
  // Both are bounded: a client id only once authenticated, a grant type only one the server supports.
  if (event.clientId !== undefined) failure[a.clientId] = event.clientId;
  if (event.grantType !== undefined) failure[a.grantType] = event.grantType;
  instruments.oauthErrors.add(1, failure);
}

/** Records an issued token by client and grant, and the time its signing took. */
export function recordIssued(instruments: ServerInstruments, event: AccessTokenIssuedEvent): void {
  instruments.tokensIssued.add(1, { [a.clientId]: event.clientId, [a.grantType]: event.grantType });
  instruments.signingDuration.record(event.signingTime, { [a.grantType]: event.grantType });
}

/** Records a failed client authentication by endpoint only: the client id it presented is unverified. */
export function recordAuthenticationFailed(instruments: ServerInstruments, event: ClientAuthenticationFailedEvent): void {
  instruments.authenticationFailures.add(1, { [a.endpoint]: event.endpoint });
}

/**
 * Records a lockout by what it locks out (`client`, `caller`, or `client_caller` for a client id
 * from one caller), never by the client id or the caller's address, which are not bounded.
 */
export function recordLockout(instruments: ServerInstruments, event: LockoutStartedEvent): void {
  const scope = event.clientId === undefined ? "caller" : event.caller === undefined ? "client" : "client_caller";
  instruments.lockoutsStarted.add(1, { [a.lockoutScope]: scope });
}

/** Records a revocation by the authenticated client that asked for it. */
export function recordRevoked(instruments: ServerInstruments, event: TokenRevokedEvent): void {
  instruments.tokensRevoked.add(1, { [a.clientId]: event.clientId });
}

/** Records an introspection by the authenticated caller and what it was told. */
export function recordIntrospection(instruments: ServerInstruments, event: IntrospectionPerformedEvent): void {
  instruments.introspections.add(1, { [a.clientId]: event.clientId, [a.tokenActive]: event.active });
}

/** Records a change of the signing keys, by change and algorithm (not by `kid`, which only grows). */
export function recordKeyChange(instruments: ServerInstruments, change: "added" | "activated" | "retired", event: KeyChangedEvent): void {
  instruments.keyChanges.add(1, { [a.keyChange]: change, [a.keyAlg]: event.alg });
}
