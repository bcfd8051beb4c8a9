import { invalidOption } from "../../lib/checks.js";

/**
 * The JWS algorithms a client assertion may be signed with: asymmetric only, never `none` or
 * HMAC. `Ed25519` is the fully-specified name of EdDSA with Ed25519 (RFC 9864), which
 * oauth4webapi and openid-client send for an Ed25519 key.
 */
export type AssertionAlgorithm = "RS256" | "PS256" | "ES256" | "EdDSA" | "Ed25519";

/** Every {@link AssertionAlgorithm}, as the metadata lists them. */
export const assertionAlgorithms: readonly AssertionAlgorithm[] = Object.freeze(["RS256", "PS256", "ES256", "EdDSA", "Ed25519"]);

/** A `fetch` for a client's `jwks_uri`, as jose's remote key set calls it. */
export type JwksFetch = (url: string, init: RequestInit) => Promise<Response>;

/**
 * The `clientAssertions` option: how `private_key_jwt` client assertions (RFC 7523 §2.2, §3;
 * OpenID Connect Core §9) are checked. Durations in seconds.
 */
export interface ClientAssertionOptions {
  /**
   * The longest an assertion may live: its `exp` at most this far ahead. Its `jti` is reserved
   * until `exp`, so this also bounds the replay store. @defaultValue 300
   */
  readonly maxLifetime?: number | undefined;
  /** Clock skew allowed for `exp`, `nbf` and `iat`. @defaultValue 30 */
  readonly clockTolerance?: number | undefined;
  /**
   * Which `aud` an assertion may carry. `"issuer"`: the issuer identifier as its sole value, as
   * draft-ietf-oauth-rfc7523bis requires (an assertion for this server cannot be accepted by
   * another, or the other way round). `"issuer-or-token-endpoint"`: also the token endpoint URL,
   * and an array holding either, as RFC 7523 §3 and OpenID Connect Core §9 allow and older clients
   * send; weaker, because an assertion meant for several audiences can be replayed here.
   * @defaultValue `"issuer-or-token-endpoint"` (`"issuer"` under `profile: "fapi2"`)
   */
  readonly audience?: "issuer" | "issuer-or-token-endpoint" | undefined;
  /**
   * The algorithms an assertion may be signed with (a client's `tokenEndpointAuthSigningAlg`
   * narrows them to one). @defaultValue RS256, PS256, ES256, EdDSA and Ed25519 (no RS256 under FAPI 2.0)
   */
  readonly algorithms?: readonly AssertionAlgorithm[] | undefined;
  /** The least time between two fetches of a client's `jwks_uri`, also after a failure. @defaultValue 30 */
  readonly jwksCooldown?: number | undefined;
  /** How long a fetched client JWKS is used before it is fetched again. @defaultValue 600 */
  readonly jwksCacheMaxAge?: number | undefined;
  /** How long a fetch of a client's `jwks_uri` may take. @defaultValue 5 */
  readonly fetchTimeout?: number | undefined;
  /** The `fetch` for clients' `jwks_uri`. @defaultValue the global `fetch` */
  readonly fetch?: JwksFetch | undefined;
}

/** The `clientAssertions` option, resolved. */
export interface ClientAssertionSettings {
  readonly maxLifetime: number;
  readonly clockTolerance: number;
  readonly strictAudience: boolean;
  readonly algorithms: readonly AssertionAlgorithm[];
  readonly jwksCooldown: number;
  readonly jwksCacheMaxAge: number;
  readonly fetchTimeout: number;
  readonly fetch: JwksFetch | undefined;
}

/** Resolves `clientAssertions`; `fapi` narrows the defaults and refuses what the profile forbids. */
export function resolveClientAssertions(options: ClientAssertionOptions | undefined, fapi: boolean): ClientAssertionSettings {
  if (options !== undefined && (typeof options !== "object" || options === null)) throw invalidOption("clientAssertions", "expected an object");
  const allowed = fapi ? assertionAlgorithms.filter((alg) => alg !== "RS256") : assertionAlgorithms;
  const { audience = fapi ? "issuer" : "issuer-or-token-endpoint", algorithms = allowed, fetch } = options ?? {};
  if (audience !== "issuer" && audience !== "issuer-or-token-endpoint") {
    throw invalidOption("clientAssertions.audience", 'expected "issuer" or "issuer-or-token-endpoint"');
  }
  if (fapi && audience !== "issuer") throw invalidOption("clientAssertions.audience", 'must be "issuer" under the FAPI 2.0 profile');
  if (!Array.isArray(algorithms) || algorithms.length === 0 || !algorithms.every((alg) => allowed.includes(alg))) {
    throw invalidOption("clientAssertions.algorithms", `expected a non-empty array of ${allowed.join(", ")}`);
  }
  if (fetch !== undefined && typeof fetch !== "function") throw invalidOption("clientAssertions.fetch", "expected a fetch-compatible function");
  return Object.freeze({
    maxLifetime: seconds("maxLifetime", options?.maxLifetime, 300),
    clockTolerance: seconds("clockTolerance", options?.clockTolerance, 30, true),
    strictAudience: audience === "issuer",
    algorithms: Object.freeze([...new Set(algorithms)]),
    jwksCooldown: seconds("jwksCooldown", options?.jwksCooldown, 30, true),
    jwksCacheMaxAge: seconds("jwksCacheMaxAge", options?.jwksCacheMaxAge, 600, true),
    fetchTimeout: seconds("fetchTimeout", options?.fetchTimeout, 5),
    fetch,
  });
}

function seconds(name: string, value: unknown, fallback: number, zeroAllowed = false): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0 || (!zeroAllowed && value === 0)) {
    throw invalidOption(`clientAssertions.${name}`, zeroAllowed ? "must be a number of seconds, zero or more" : "must be a positive number of seconds");
  }
  return value;
}
