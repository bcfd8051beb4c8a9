/**
 * The names this package records under: OpenTelemetry's semantic conventions where one exists
 * (HTTP server, `error.type`), `oauth.*` for the OAuth vocabulary every authorization server
 * shares, `tessera.*` for the rest.
 *
 * Every attribute value is bounded: a method outside HTTP's own is `_OTHER`, a route is an
 * endpoint's path (never the path of a request that matched none), a client id is that of an
 * authenticated client (bounded by the registered clients), a grant type one the server
 * supports, an error code one of OAuth's. A client id a failed authentication presented is never
 * recorded: it is unverified, so anyone could grow the series without bound. No attribute holds a
 * secret, a token, an assertion, a DPoP proof or a caller's address.
 *
 * @see https://opentelemetry.io/docs/specs/semconv/http/http-metrics/ (HTTP server metrics)
 * @see https://opentelemetry.io/docs/specs/semconv/http/http-spans/ (HTTP server spans)
 */

/** The name and version of the instrumentation scope, as meters and tracers are obtained under. */
export const instrumentationScope = Object.freeze({ name: "@tessera/opentelemetry", version: "0.1.0" });

/** The metrics, by what they measure. */
export const metricNames = Object.freeze({
  /** Histogram, seconds: each request, from its arrival to its answer (semantic conventions). */
  requestDuration: "http.server.request.duration",
  /** Counter: access tokens issued, by `oauth.client_id` and `oauth.grant_type`. */
  tokensIssued: "tessera.tokens.issued",
  /** Counter: error answers, by `error.type` (the OAuth error code) and `tessera.endpoint`. */
  oauthErrors: "tessera.oauth.errors",
  /** Histogram, seconds: the signing of each access token. */
  signingDuration: "tessera.token.signing.duration",
  /** Histogram, seconds: each store operation, by `tessera.store.name` and `tessera.store.operation`; `error.type` when it failed. */
  storeDuration: "tessera.store.operation.duration",
  /** Counter: requests answered `invalid_client`, by `tessera.endpoint`. */
  authenticationFailures: "tessera.client.authentication.failures",
  /** Counter: lockouts started, by `tessera.lockout.scope`. */
  lockoutsStarted: "tessera.lockouts.started",
  /** Counter: tokens revoked by their client (RFC 7009), by `oauth.client_id`. */
  tokensRevoked: "tessera.tokens.revoked",
  /** Counter: introspections (RFC 7662), by `oauth.client_id` of the caller and `tessera.token.active`. */
  introspections: "tessera.introspections",
  /** Counter: signing keys added, activated and retired, by `tessera.key.change` and `tessera.key.alg`. */
  keyChanges: "tessera.key.changes",
});

/** The attributes, by what they hold. */
export const attributeNames = Object.freeze({
  method: "http.request.method",
  methodOriginal: "http.request.method_original",
  route: "http.route",
  status: "http.response.status_code",
  path: "url.path",
  scheme: "url.scheme",
  errorType: "error.type",
  clientId: "oauth.client_id",
  grantType: "oauth.grant_type",
  oauthError: "oauth.error",
  endpoint: "tessera.endpoint",
  storeName: "tessera.store.name",
  storeOperation: "tessera.store.operation",
  lockoutScope: "tessera.lockout.scope",
  tokenActive: "tessera.token.active",
  keyChange: "tessera.key.change",
  keyAlg: "tessera.key.alg",
});

const knownMethods = new Set(["CONNECT", "DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT", "TRACE"]);

/** The method as the semantic conventions record it: one of HTTP's own, else `_OTHER`. */
export function normalizedMethod(method: string): string {
  return knownMethods.has(method) ? method : "_OTHER";
}

/** The buckets the semantic conventions advise for `http.server.request.duration`, in seconds. */
export const requestBuckets: readonly number[] = Object.freeze([
  0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10,
]);

/**
 * Finer buckets for signing and store operations, in seconds: an ES256 or EdDSA signature and a
 * memory store's operation take well under a millisecond, an RS256 signature about one, a
 * database round trip a few.
 */
export const operationBuckets: readonly number[] = Object.freeze([
  0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1,
]);
