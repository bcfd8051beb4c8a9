import { invalidOption, isPositiveInteger } from "../lib/checks.js";
import { isQuotable } from "../lib/quoted-string.js";
import { resolveAudience } from "../protocol/audience.js";
import { safeErrorHook, type ErrorHook } from "../protocol/faults.js";
import { parseIssuerUrl } from "../protocol/issuer.js";
import { revocationGrace, type RevocationCheck } from "../storage/revocations.js";
import type { ReplayStore } from "../storage/replay.js";
import { resolveDpopOptions, type DpopOptions } from "../tokens/dpop-options.js";
import type { DpopSettings } from "../tokens/dpop-proof.js";
import type { JsonWebKeySet } from "../tokens/jwk.js";
import { resolveReplayStore } from "../tokens/replay-reservations.js";
import type { KeyManager } from "../tokens/key-manager.js";
import { resolveAlgorithms, type VerificationAlgorithm } from "./algorithms.js";
import { resolveKeySource, type FetchFunction, type KeySourceOption } from "./key-source-option.js";

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
   * The keys of an authorization server in this process (`keys: authorizationServer.keys`): its
   * current key set, followed through rotation at no cost (the keys are re-imported only when
   * the set changes). Its issuer must be `issuer`.
   *
   * Give at most one of `keys`, `jwks` and `jwksUri`. With none, the JWKS is found through the
   * issuer's metadata (RFC 8414 §3): `jwks_uri` from
   * `/.well-known/oauth-authorization-server` + the issuer's path, fetched on the first request,
   * checked (its `issuer` must equal `issuer`, RFC 8414 §3.3) and kept.
   * @defaultValue discovery through the issuer's metadata
   */
  readonly keys?: KeyManager | undefined;
  /**
   * A fixed JWK Set of the issuer's public keys, for the life of the resource server (symmetric
   * and private keys are refused). See `keys` for the alternatives.
   */
  readonly jwks?: JsonWebKeySet | undefined;
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
   * @defaultValue `["RS256", "PS256", "ES256", "EdDSA"]`, what Tessera signs with
   * @see RFC 8725 §3.1, RFC 9068 §4 (step 5)
   */
  readonly algorithms?: readonly VerificationAlgorithm[] | undefined;
  /**
   * Clock skew allowed between the issuer and this server, in seconds, for `exp`, `nbf` and
   * `iat`: a token is accepted until `exp + clockTolerance`, from `nbf - clockTolerance`, and
   * refused if issued more than `clockTolerance` in the future. With `revocations`, at most 300
   * (`revocationGrace`): a revocation mark is kept only that long past a token's `exp`.
   * @defaultValue 30
   * @see RFC 7519 §4.1.4–4.1.6
   */
  readonly clockTolerance?: number | undefined;
  /**
   * Where revocations are checked: every token that verifies is refused with `invalid_token`
   * when it is revoked, by its own mark (`jti`) or its client's (`revokeClientTokens`, by
   * `iat`). Give a `RevocationSet` (a local copy fed by the store's change feed: no round trip
   * per token, staleness bounded by its `maxStaleness`), or any `RevocationStore` (a round trip
   * per token). A check that fails (the store out of reach, a stale set that fails closed) is
   * answered 503 `temporarily_unavailable`, never access.
   * @defaultValue none: a token is valid until it expires
   * @see RFC 7009
   */
  readonly revocations?: RevocationCheck | undefined;
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
   * DPoP-bound access tokens (RFC 9449 §7): a request with `Authorization: DPoP <token>` and a
   * proof in the `DPoP` header, the proof checked for the request's method and URL (`htu`: the
   * request's URL as it arrives, or on `publicOrigin`), the token's hash (`ath`) and the token's
   * key (`cnf.jkt`). A bound token is
   * refused as a bearer token either way. `false` accepts no DPoP scheme, so every bound token
   * is refused. See {@link DpopOptions}. @defaultValue DPoP accepted, no nonces
   */
  readonly dpop?: DpopOptions | false | undefined;
  /**
   * Where DPoP proof `jti`s are reserved, each accepted once (RFC 9449 §11.1); `replayConsistency`
   * must be `strong`. Give several instances one shared store, or a proof seen by one can be
   * replayed to another within `dpop.proofLifetime`. @defaultValue reservations in this process's memory
   */
  readonly replay?: ReplayStore | undefined;
  /**
   * The origin clients call this API at (`https://api.example`), when request URLs arrive with
   * another: behind a proxy that terminates TLS (`http://` inside), or in a framework that puts a
   * host of its own in `request.url` (Next.js). A DPoP proof's `htu` may then name this origin
   * with the request's path, as the client sent it (RFC 9449 §4.3, item 9), besides the
   * request's URL as it arrived. Scheme, host and port only. @defaultValue none: only the URL as it arrived
   */
  readonly publicOrigin?: string | undefined;
  /**
   * Told about every failure on the server's side: discovery or JWKS fetch failures and
   * revocation check failures (answered 503 `temporarily_unavailable`), anything unexpected
   * (answered 500 `server_error`), with the request when there is one. Not told about invalid
   * tokens. Its own failures are ignored.
   * @defaultValue writes one line naming the error's type (not its message) with `console.error`
   */
  readonly onError?: ErrorHook | undefined;
  /**
   * The clock, in milliseconds since the epoch, for `exp`, `nbf` and `iat` and for the retry
   * back-off of failed fetches; for tests. (The JWKS cache timers inside `jose` keep the real
   * clock.) @defaultValue `Date.now`
   */
  readonly now?: (() => number) | undefined;
}

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
  readonly revocations: RevocationCheck | undefined;
  readonly realm: string;
  readonly allowTokenInBody: boolean;
  readonly allowTokenInQuery: boolean;
  readonly maxBodyBytes: number;
  /** `undefined` for `dpop: false`. */
  readonly dpop: DpopSettings | undefined;
  /** `scheme://host[:port]`, or `undefined`. */
  readonly publicOrigin: string | undefined;
  /** The `onError` hook, made safe to call. */
  readonly onError: ErrorHook;
  readonly now: () => number;
}

/** Validates the options, throwing a `TypeError` that names the first wrong one. */
export function resolveResourceServerOptions(options: ResourceServerOptions): ResolvedResourceServerOptions {
  if (typeof options !== "object" || options === null) throw invalidOption("options", "expected an object");
  const issuerUrl = parseIssuerUrl("issuer", options.issuer);
  const given = resolveAudience("audience", options.audience);
  const audience = Object.freeze(typeof given === "string" ? [given] : [...given]);
  if (options.fetch !== undefined && typeof options.fetch !== "function") {
    throw invalidOption("fetch", "expected a fetch-compatible function");
  }
  if (options.revocations !== undefined && typeof options.revocations?.isRevoked !== "function") {
    throw invalidOption("revocations", "expected a RevocationSet or RevocationStore with isRevoked()");
  }
  const realm = options.realm ?? (audience[0] as string);
  if (typeof realm !== "string" || realm === "" || !isQuotable(realm)) {
    throw invalidOption("realm", "expected a non-empty string of printable ASCII");
  }
  const clockTolerance = duration("clockTolerance", options.clockTolerance, 30, true);
  if (options.revocations !== undefined && clockTolerance > revocationGrace) {
    throw invalidOption(
      "clockTolerance",
      `must be at most ${revocationGrace} s when revocations are checked: revocation marks are kept ${revocationGrace} s past a token's exp`,
    );
  }
  const maxBodyBytes = options.maxBodyBytes ?? 16 * 1024;
  if (!isPositiveInteger(maxBodyBytes)) throw invalidOption("maxBodyBytes", "must be a positive whole number of bytes");
  if (options.onError !== undefined && typeof options.onError !== "function") {
    throw invalidOption("onError", "expected a function (error, request) => void");
  }
  if (options.now !== undefined && typeof options.now !== "function") {
    throw invalidOption("now", "expected a function returning milliseconds since the epoch");
  }
  const now = options.now ?? Date.now;
  return Object.freeze({
    issuer: options.issuer,
    audience,
    keySource: resolveKeySource(options, issuerUrl),
    jwksCooldown: duration("jwksCooldown", options.jwksCooldown, 30, true),
    jwksCacheMaxAge: duration("jwksCacheMaxAge", options.jwksCacheMaxAge, 600, true),
    fetchTimeout: duration("fetchTimeout", options.fetchTimeout, 5, false),
    fetch: options.fetch,
    algorithms: resolveAlgorithms(options.algorithms),
    clockTolerance,
    revocations: options.revocations,
    realm,
    allowTokenInBody: flag("allowTokenInBody", options.allowTokenInBody),
    allowTokenInQuery: flag("allowTokenInQuery", options.allowTokenInQuery),
    maxBodyBytes,
    dpop: options.dpop === false ? undefined : resolveDpopOptions(options.dpop, resolveReplayStore(options.replay, now), now),
    publicOrigin: resolvePublicOrigin(options.publicOrigin),
    onError: safeErrorHook(options.onError, "tessera: resource server"),
    now,
  });
}

function resolvePublicOrigin(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  const url = typeof value === "string" && URL.canParse(value) ? new URL(value) : undefined;
  if (url === undefined || (url.protocol !== "https:" && url.protocol !== "http:") || url.href !== `${url.origin}/`) {
    throw invalidOption("publicOrigin", "expected an http(s) origin: scheme, host and optional port, nothing else");
  }
  return url.origin;
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
