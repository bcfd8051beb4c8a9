import type { JWK } from "jose";
import { invalidOption, isPositiveInteger } from "../lib/checks.js";
import { isQuotable } from "../protocol/challenges.js";
import { parseFetchUrl, parseIssuerUrl } from "../lib/url.js";
import type { AccessTokenRepository } from "../authorization-server/repositories/repositories.js";
import type { AuthorizationServer } from "../authorization-server/create.js";

/**
 * The asymmetric JWS algorithms a resource server can accept (RFC 7518 §3.1, RFC 8037 §3.1):
 * never `none`, never an HMAC algorithm (`HS256`…), whose "key" a resource server would have to
 * share with the issuer and which is the vehicle of algorithm confusion (RFC 8725 §2.1, §3.1).
 */
export type VerificationAlgorithm =
  | "RS256"
  | "RS384"
  | "RS512"
  | "PS256"
  | "PS384"
  | "PS512"
  | "ES256"
  | "ES384"
  | "ES512"
  | "EdDSA"
  | "Ed25519";

/** Every {@link VerificationAlgorithm}. */
const verificationAlgorithms: ReadonlySet<string> = new Set<VerificationAlgorithm>([
  "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA", "Ed25519",
]);

/** A JWK Set (RFC 7517 §5) of public keys, as JSON. */
export interface PublicJsonWebKeySet {
  readonly keys: readonly JWK[];
}

/**
 * A `fetch`-compatible function, called with the URL of the issuer's metadata or JWKS and these
 * settings (the global `fetch` is one). Answers must not be followed across redirects.
 */
export type FetchFunction = (
  url: string,
  init: {
    readonly method: "GET";
    readonly headers: Headers;
    readonly redirect: "manual";
    readonly signal: AbortSignal;
  },
) => Promise<Response>;

/**
 * What a resource server needs of a revocation store: the optional
 * {@link AccessTokenRepository.isAccessTokenRevoked}, required here.
 * `InMemoryAccessTokenRepository` is one.
 */
export type RevocationList = Required<Pick<AccessTokenRepository, "isAccessTokenRevoked">>;

/** Options of {@link createResourceServer}. */
export interface ResourceServerOptions {
  /**
   * The issuer identifier of the authorization server whose tokens are accepted: a token's `iss`
   * must equal it exactly. An `https` URL without query or fragment, in normalised form (`http`
   * only for loopback hosts); also where the metadata is discovered when no key source is given.
   * @see RFC 9068 §4 (step 3), RFC 8414 §2
   */
  readonly issuer: string;
  /**
   * This resource server's own identifier(s): a token's `aud` must contain at least one. The
   * authorization server must put it there (its `audience` option, or a resource indicator).
   * One string or a non-empty array.
   * @see RFC 9068 §4 (step 4), RFC 8707 §2
   */
  readonly audience: string | readonly string[];
  /**
   * Where the verification keys come from, when not from the network:
   * - an `AuthorizationServer` in this process: its current key set (`server.keys.jwks()`),
   *   followed through rotation at no cost (the keys are re-imported only when the set changes);
   * - a JWK Set object of public keys, fixed for the life of the resource server (symmetric and
   *   private keys are refused).
   *
   * Give at most one of `keys` and `jwksUri`. With neither, the JWKS is found through the
   * issuer's metadata (RFC 8414 §3): `jwks_uri` from
   * `/.well-known/oauth-authorization-server` + the issuer's path, fetched on the first request,
   * checked (its `issuer` must equal `issuer`, RFC 8414 §3.3) and kept.
   * @defaultValue discovery through the issuer's metadata
   */
  readonly keys?: AuthorizationServer | PublicJsonWebKeySet | undefined;
  /**
   * The URL of the issuer's JWK Set, fetched on the first request and cached (see
   * `jwksCacheMaxAge`); a token signed with a key it lacks (unknown `kid`) triggers one refetch,
   * at most once per `jwksCooldown`. `https` (`http` only for loopback hosts).
   * @defaultValue the metadata's `jwks_uri`
   * @see RFC 7517 §5, RFC 8414 §2 (`jwks_uri`)
   */
  readonly jwksUri?: string | undefined;
  /**
   * The least time between two fetches of the JWKS, in seconds: a token with an unknown `kid`
   * refetches the set only when this long has passed since the last fetch, so a flood of tokens
   * with made-up key ids cannot make the resource server hammer the issuer. Also how long a
   * failed discovery or JWKS fetch is not retried (answers meanwhile: 503 with `Retry-After`).
   * Fractions allowed. @defaultValue 30
   */
  readonly jwksCooldown?: number | undefined;
  /**
   * How long a fetched JWKS is used before it is fetched again, in seconds. Keep it at most the
   * issuer's `Cache-Control: max-age` for the JWKS, so a retired key stops verifying in time.
   * Fractions allowed. @defaultValue 600
   */
  readonly jwksCacheMaxAge?: number | undefined;
  /** How long a fetch of the metadata or JWKS may take, in seconds. @defaultValue 5 */
  readonly fetchTimeout?: number | undefined;
  /**
   * The `fetch` used for discovery and the JWKS: inject one to count requests in tests, to add
   * a proxy, or on a runtime whose global `fetch` needs binding.
   * @defaultValue the global `fetch`
   */
  readonly fetch?: FetchFunction | undefined;
  /**
   * The JWS algorithms accepted in a token's `alg`. Asymmetric only: `none` and the `HS*`
   * algorithms are refused here, at construction, so algorithm confusion (a token "signed" with
   * the public key as an HMAC secret) can never verify.
   * @defaultValue `["RS256", "ES256", "EdDSA"]`, what Tessera signs with
   * @see RFC 8725 §3.1, RFC 9068 §4 (step 5)
   */
  readonly algorithms?: readonly VerificationAlgorithm[] | undefined;
  /**
   * Clock skew allowed between the issuer and this server, in seconds, for `exp`, `nbf` and
   * `iat`: a token is accepted until `exp + clockTolerance`, from `nbf - clockTolerance`, and
   * refused if issued more than `clockTolerance` in the future.
   * @defaultValue 30
   * @see RFC 7519 §4.1.4–4.1.6
   */
  readonly clockTolerance?: number | undefined;
  /**
   * A revocation store: every token that verifies is looked up by `jti` with
   * `isAccessTokenRevoked`, and refused when revoked. For example the authorization server's own
   * `InMemoryAccessTokenRepository` when both run in one process.
   * @defaultValue none: a token is valid until it expires
   */
  readonly accessTokens?: RevocationList | undefined;
  /**
   * The `realm` of every `WWW-Authenticate: Bearer` challenge: the protection space, shown to
   * the client. Printable ASCII. @defaultValue the first `audience`
   * @see RFC 6750 §3
   */
  readonly realm?: string | undefined;
  /**
   * Also accept the token as an `access_token` form body parameter (POST, PUT or PATCH with
   * `application/x-www-form-urlencoded`). The body is read from a clone of the request, so the
   * handler can still read it.
   *
   * Warning: RFC 6750 allows this only where the `Authorization` header cannot be used.
   * @defaultValue false
   * @see RFC 6750 §2.2
   */
  readonly allowTokenInBody?: boolean | undefined;
  /**
   * Also accept the token as an `access_token` URL query parameter.
   *
   * Warning: a token in a URL ends up in logs, browser history and `Referer` headers; RFC 6750
   * §5.3 says not to. Enable it only for clients that have no other way.
   * @defaultValue false
   * @see RFC 6750 §2.3
   */
  readonly allowTokenInQuery?: boolean | undefined;
  /**
   * With `allowTokenInBody`, the largest form body searched for a token, in bytes; larger ones
   * get 413 `invalid_request`. @defaultValue 16384
   */
  readonly maxBodyBytes?: number | undefined;
  /**
   * Told about every failure on the server's side: discovery or JWKS fetch failures and
   * revocation store errors (answered 503 `temporarily_unavailable`), anything unexpected
   * (answered 500 `server_error`). Not told about invalid tokens. Its own failures are ignored.
   * @defaultValue logs the error's type with `console.error`
   */
  readonly onError?: ((error: unknown) => void) | undefined;
  /**
   * The clock, in milliseconds since the epoch, for `exp`, `nbf` and `iat` and for the retry
   * back-off of failed fetches; for tests. (The JWKS cache timers inside `jose` keep the real
   * clock.) @defaultValue `Date.now`
   */
  readonly now?: (() => number) | undefined;
}

/** Where the keys come from, decided at construction. */
export type KeySourceOption =
  | { readonly kind: "in-process"; readonly server: Pick<AuthorizationServer, "keys"> }
  | { readonly kind: "static"; readonly jwks: PublicJsonWebKeySet }
  | { readonly kind: "remote"; readonly url: URL }
  | { readonly kind: "discovery"; readonly metadataUrl: URL };

/** The options after validation and defaults; frozen. */
export interface ResolvedResourceServerOptions {
  readonly issuer: string;
  readonly audience: readonly string[];
  readonly keySource: KeySourceOption;
  readonly jwksCooldown: number;
  readonly jwksCacheMaxAge: number;
  readonly fetchTimeout: number;
  readonly fetch: FetchFunction | undefined;
  readonly algorithms: readonly VerificationAlgorithm[];
  readonly clockTolerance: number;
  readonly accessTokens: RevocationList | undefined;
  readonly realm: string;
  readonly allowTokenInBody: boolean;
  readonly allowTokenInQuery: boolean;
  readonly maxBodyBytes: number;
  readonly onError: (error: unknown) => void;
  readonly now: () => number;
}

const defaultAlgorithms: readonly VerificationAlgorithm[] = Object.freeze(["RS256", "ES256", "EdDSA"]);

function defaultOnError(error: unknown): void {
  const kind = error instanceof Error ? error.name : typeof error;
  console.error(`tessera: the resource server could not verify a token (${kind}); pass onError to handle it.`);
}

/** Validates the options, throwing a `TypeError` that names the first wrong one. */
export function resolveResourceServerOptions(options: ResourceServerOptions): ResolvedResourceServerOptions {
  if (typeof options !== "object" || options === null) throw invalidOption("options", "expected an object");
  const issuerUrl = parseIssuerUrl("issuer", options.issuer);
  const audience = resolveAudience(options.audience);
  const keySource = resolveKeySource(options, issuerUrl);

  const jwksCooldown = duration("jwksCooldown", options.jwksCooldown, 30, true);
  const jwksCacheMaxAge = duration("jwksCacheMaxAge", options.jwksCacheMaxAge, 600, true);
  const fetchTimeout = duration("fetchTimeout", options.fetchTimeout, 5, false);
  if (options.fetch !== undefined && typeof options.fetch !== "function") {
    throw invalidOption("fetch", "expected a fetch-compatible function");
  }
  const algorithms = resolveAlgorithms(options.algorithms);
  const clockTolerance = duration("clockTolerance", options.clockTolerance, 30, true);
  if (options.accessTokens !== undefined && typeof options.accessTokens?.isAccessTokenRevoked !== "function") {
    throw invalidOption("accessTokens", "expected a repository with isAccessTokenRevoked()");
  }
  const realm = options.realm ?? audience[0];
  if (typeof realm !== "string" || realm === "" || !isQuotable(realm)) {
    throw invalidOption("realm", "expected a non-empty string of printable ASCII");
  }
  const allowTokenInBody = flag("allowTokenInBody", options.allowTokenInBody);
  const allowTokenInQuery = flag("allowTokenInQuery", options.allowTokenInQuery);
  const maxBodyBytes = options.maxBodyBytes ?? 16 * 1024;
  if (!isPositiveInteger(maxBodyBytes)) throw invalidOption("maxBodyBytes", "must be a positive whole number of bytes");
  if (options.onError !== undefined && typeof options.onError !== "function") {
    throw invalidOption("onError", "expected a function");
  }
  if (options.now !== undefined && typeof options.now !== "function") {
    throw invalidOption("now", "expected a function returning milliseconds since the epoch");
  }

  return Object.freeze({
    issuer: options.issuer,
    audience,
    keySource,
    jwksCooldown,
    jwksCacheMaxAge,
    fetchTimeout,
    fetch: options.fetch,
    algorithms,
    clockTolerance,
    accessTokens: options.accessTokens,
    realm,
    allowTokenInBody,
    allowTokenInQuery,
    maxBodyBytes,
    onError: options.onError ?? defaultOnError,
    now: options.now ?? Date.now,
  });
}

function resolveAudience(audience: unknown): readonly string[] {
  const values: unknown = typeof audience === "string" ? [audience] : audience;
  if (!Array.isArray(values) || values.length === 0 || !values.every((v) => typeof v === "string" && v !== "")) {
    throw invalidOption("audience", "expected this resource server's identifier: a non-empty string or array of them");
  }
  return Object.freeze([...(values as string[])]);
}

function resolveKeySource(options: ResourceServerOptions, issuerUrl: URL): KeySourceOption {
  const { keys, jwksUri } = options;
  if (keys !== undefined && jwksUri !== undefined) throw invalidOption("keys", "give keys or jwksUri, not both");
  if (jwksUri !== undefined) return { kind: "remote", url: parseFetchUrl("jwksUri", jwksUri) };
  if (keys === undefined) return { kind: "discovery", metadataUrl: metadataUrl(issuerUrl) };
  if (typeof keys !== "object" || keys === null) {
    throw invalidOption("keys", "expected an AuthorizationServer or a JWK Set object");
  }
  if (isInProcess(keys)) {
    if (keys.issuer !== undefined && keys.issuer !== options.issuer) {
      throw invalidOption("keys", "the AuthorizationServer has another issuer than the issuer option");
    }
    return { kind: "in-process", server: keys };
  }
  if (!Array.isArray(keys.keys) || keys.keys.length === 0) {
    throw invalidOption("keys", "expected an AuthorizationServer or a JWK Set with at least one key");
  }
  for (const jwk of keys.keys as readonly unknown[]) {
    if (typeof jwk !== "object" || jwk === null || typeof (jwk as JWK).kty !== "string") {
      throw invalidOption("keys", "every member of the JWK Set must be a JWK");
    }
    const { kty } = jwk as JWK;
    if (kty === "oct" || "k" in jwk) throw invalidOption("keys", "symmetric keys are refused: use public keys");
    if ("d" in jwk) throw invalidOption("keys", "private keys are refused: publish only public keys");
  }
  // A snapshot: later changes to the caller's object have no effect.
  return { kind: "static", jwks: structuredClone({ keys: [...keys.keys] }) };
}

function isInProcess(
  keys: AuthorizationServer | PublicJsonWebKeySet,
): keys is AuthorizationServer {
  const candidate = keys as { keys?: unknown };
  return (
    typeof candidate.keys === "object" &&
    candidate.keys !== null &&
    typeof (candidate.keys as { jwks?: unknown }).jwks === "function"
  );
}

/** RFC 8414 §3.1: the well-known suffix goes between the host and the issuer's path. */
function metadataUrl(issuerUrl: URL): URL {
  const path = issuerUrl.pathname === "/" ? "" : issuerUrl.pathname.replace(/\/$/, "");
  return new URL(`/.well-known/oauth-authorization-server${path}`, issuerUrl.origin);
}

function resolveAlgorithms(algorithms: unknown): readonly VerificationAlgorithm[] {
  if (algorithms === undefined) return defaultAlgorithms;
  if (!Array.isArray(algorithms) || algorithms.length === 0) {
    throw invalidOption("algorithms", "expected a non-empty array of JWS algorithms");
  }
  for (const alg of algorithms as unknown[]) {
    if (typeof alg === "string" && (alg.toLowerCase() === "none" || /^HS\d+$/i.test(alg))) {
      throw invalidOption("algorithms", `${alg} is refused: only asymmetric algorithms are safe (RFC 8725 §3.1)`);
    }
    if (typeof alg !== "string" || !verificationAlgorithms.has(alg)) {
      throw invalidOption("algorithms", `unsupported algorithm ${String(alg)}; expected asymmetric JWS algorithms such as RS256`);
    }
  }
  return Object.freeze([...new Set(algorithms as VerificationAlgorithm[])]);
}

function duration(name: string, value: unknown, fallback: number, zeroAllowed: boolean): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0 || (!zeroAllowed && value === 0)) {
    throw invalidOption(name, zeroAllowed ? "must be a number of seconds, zero or more" : "must be a positive number of seconds");
  }
  return value;
}

function flag(name: string, value: unknown): boolean {
  if (value === undefined) return false;
  if (typeof value !== "boolean") throw invalidOption(name, "expected a boolean");
  return value;
}
