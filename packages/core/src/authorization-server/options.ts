import {
  resolveClientAuthenticationLimit,
  type ClientAuthenticationGuard,
  type ClientAuthenticationLimitOptions,
} from "./client-auth/lockout.js";
import { eventNames, type AuthorizationServerEvents } from "./events.js";
import type { Grant } from "./grants/grant.js";
import { resolveLimits, type TokenRequestLimitOptions, type TokenRequestLimits } from "./limits.js";
import { invalidOption, isNonNegativeInteger, isPositiveInteger } from "../lib/checks.js";
import { parseIssuerUrl } from "../lib/url.js";
import type { AccessTokenRepository, ClientRepository, ScopeRepository } from "./repositories/repositories.js";
import type { CustomClaimsHook } from "./custom-claims.js";
import type { SigningKeyInput } from "../tokens/keys.js";

/**
 * Options of {@link createAuthorizationServer}; the request limits and the client
 * authentication lockout are documented in {@link TokenRequestLimitOptions} and
 * {@link ClientAuthenticationLimitOptions}.
 */
export interface AuthorizationServerOptions extends TokenRequestLimitOptions, ClientAuthenticationLimitOptions {
  /**
   * The issuer identifier: the `iss` of every token and the metadata's `issuer`
   * (RFC 8414 §2). An `https` URL without query or fragment; `http` is accepted only for
   * loopback hosts (`localhost`, `127.0.0.1`, `[::1]`), for development.
   */
  readonly issuer: string;
  /** Where clients are looked up. */
  readonly clients: ClientRepository;
  /**
   * Which scopes exist, plus the `finalizeScopes` hook. Optional: without it, a client may be
   * granted exactly the scopes in its own registration.
   */
  readonly scopes?: ScopeRepository | undefined;
  /**
   * Receives every issued token before it is returned. Optional. With `revokeAccessToken`, the
   * revocation endpoint revokes tokens through it and is advertised in the metadata; with
   * `isAccessTokenRevoked`, introspection answers `active: false` for revoked tokens.
   * @see RFC 7009 §2, RFC 7662 §2.2
   */
  readonly accessTokens?: AccessTokenRepository | undefined;
  /**
   * The key that signs access tokens: a PKCS#8 PEM, a private JWK, a `CryptoKeyPair` or an
   * extractable private `CryptoKey`. Its type picks the algorithm: RSA of at least 2048 bits
   * signs RS256 (RFC 7518 §3.3), EC P-256 signs ES256, Ed25519 signs EdDSA (RFC 8037).
   * Imported once, at creation; see {@link AuthorizationServer.keys} to rotate it.
   */
  readonly signingKey: SigningKeyInput;
  /**
   * Keys published in the JWKS besides the signing key, without signing: a previous signing key
   * whose tokens have not all expired yet, or the next one, published ahead of the switch so
   * that resource servers know it before it signs. Private keys (as for `signingKey`) or public
   * JWKs. @defaultValue none
   */
  readonly publishedKeys?: readonly SigningKeyInput[] | undefined;
  /**
   * How long clients may cache the JWKS, in seconds (`Cache-Control: max-age`). Rotation waits
   * on it: publish a new key at least this long before it signs.
   * @defaultValue 300
   */
  readonly jwksMaxAge?: number | undefined;
  /** How long clients may cache the metadata document, in seconds. @defaultValue 3600 */
  readonly metadataMaxAge?: number | undefined;
  /**
   * The grant types the token endpoint supports, each enabled explicitly, for example
   * `[clientCredentialsGrant()]`. At least one.
   */
  readonly grants: readonly Grant[];
  /**
   * Access token lifetime in seconds, for grants that do not set their own.
   * @defaultValue 3600
   */
  readonly accessTokenTtl?: number | undefined;
  /**
   * The `aud` of issued tokens: the resource server(s) they are meant for. Taken from here,
   * never from the request. @defaultValue the issuer
   * @see RFC 9068 §3
   */
  readonly audience?: string | readonly string[] | undefined;
  /**
   * Lifetime limits per audience, in seconds: a token whose `aud` includes a listed audience
   * lives at most that long, whatever the client, grant or server TTL (the shortest limit of
   * its audiences wins). For resource servers that want short-lived tokens. Keys are audience
   * values, as in `audience` or a client's `resources`. @defaultValue none
   * @see RFC 8707 §2
   */
  readonly accessTokenTtlByAudience?: Readonly<Record<string, number>> | undefined;
  /**
   * Adds claims to every access token, from the client and the request: return a JSON object
   * (or `undefined` for none); may be async. A claim the server sets itself (`iss`, `sub`,
   * `aud`, `exp`, `nbf`, `iat`, `jti`, `client_id`, `scope`, `cnf`) cannot be overridden: the
   * request is answered `server_error` and the `TypeError` reported to `onError`, as for any
   * bug in the server's own code. Its failures are handled the same way. @defaultValue none
   * @see RFC 9068 §2.2, RFC 7519 §4
   */
  readonly customClaims?: CustomClaimsHook | undefined;
  /**
   * Hooks told about client authentication failures, issued tokens, revocations and
   * introspections. Called synchronously and never awaited; a hook that throws or rejects is
   * reported to `onError` and changes nothing. See {@link AuthorizationServerEvents}.
   * @defaultValue none
   */
  readonly events?: AuthorizationServerEvents | undefined;
  /** Path of the token endpoint. @defaultValue the issuer's path + `/token` */
  readonly tokenEndpointPath?: string | undefined;
  /**
   * Path of the revocation endpoint. @defaultValue the issuer's path + `/revoke`
   * @see RFC 7009 §2
   */
  readonly revocationEndpointPath?: string | undefined;
  /**
   * Path of the introspection endpoint. @defaultValue the issuer's path + `/introspect`
   * @see RFC 7662 §2
   */
  readonly introspectionEndpointPath?: string | undefined;
  /** Path of the JWKS. @defaultValue the issuer's path + `/.well-known/jwks.json` */
  readonly jwksPath?: string | undefined;
  /**
   * Path of the metadata document.
   * @defaultValue `/.well-known/oauth-authorization-server` + the issuer's path (RFC 8414 §3.1)
   */
  readonly metadataPath?: string | undefined;
  /**
   * The largest token request body accepted, in bytes; larger ones get 413 without being read.
   * @defaultValue 16384
   */
  readonly maxBodyBytes?: number | undefined;
  /**
   * Told about every unexpected failure answered with `server_error` (a repository that threw,
   * a key that failed to import). Its own failures are ignored. Client mistakes are not errors
   * and are not reported. @defaultValue logs the error with `console.error`
   */
  readonly onError?: ((error: unknown, request: Request) => void) | undefined;
  /** The clock, in milliseconds since the epoch; for tests. @defaultValue `Date.now` */
  readonly now?: (() => number) | undefined;
}

/** The options after validation and defaults; frozen. */
export interface ResolvedOptions {
  readonly issuer: string;
  readonly clients: ClientRepository;
  readonly scopes: ScopeRepository | undefined;
  readonly accessTokens: AccessTokenRepository | undefined;
  readonly signingKey: SigningKeyInput;
  readonly publishedKeys: readonly SigningKeyInput[];
  readonly jwksMaxAge: number;
  readonly metadataMaxAge: number;
  readonly grants: ReadonlyMap<string, Grant>;
  readonly accessTokenTtl: number;
  readonly audience: string | readonly string[];
  /** `undefined` when no limit is configured, so the token path skips the lookup. */
  readonly accessTokenTtlByAudience: ReadonlyMap<string, number> | undefined;
  readonly customClaims: CustomClaimsHook | undefined;
  readonly events: AuthorizationServerEvents;
  readonly origin: string;
  readonly tokenEndpointPath: string;
  readonly revocationEndpointPath: string;
  readonly introspectionEndpointPath: string;
  readonly jwksPath: string;
  readonly metadataPath: string;
  readonly maxBodyBytes: number;
  readonly limits: TokenRequestLimits;
  readonly clientAuthenticationGuard: ClientAuthenticationGuard;
  readonly onError: (error: unknown, request: Request) => void;
  readonly now: () => number;
}

function defaultOnError(error: unknown): void {
  console.error("tessera: unexpected error answered with server_error:", error);
}

/** Validates the options, throwing a `TypeError` that names the first wrong one. */
export function resolveOptions(options: AuthorizationServerOptions): ResolvedOptions {
  if (typeof options !== "object" || options === null) {
    throw invalidOption("options", "expected an object");
  }
  const issuerUrl = parseIssuerUrl("issuer", options.issuer);
  const base = issuerUrl.pathname === "/" ? "" : issuerUrl.pathname.replace(/\/$/, "");
  if (!/^[A-Za-z0-9\-._~/]*$/.test(base)) {
    throw invalidOption("issuer", "its path may hold only letters, digits, -._~ and /");
  }

  if (typeof options.clients?.getClient !== "function") {
    throw invalidOption("clients", "expected a ClientRepository with getClient()");
  }
  if (options.scopes !== undefined && typeof options.scopes.findScopes !== "function") {
    throw invalidOption("scopes", "expected a ScopeRepository with findScopes()");
  }
  if (
    options.accessTokens !== undefined &&
    typeof options.accessTokens.persistNewAccessToken !== "function"
  ) {
    throw invalidOption("accessTokens", "expected an AccessTokenRepository with persistNewAccessToken()");
  }
  if (options.signingKey === undefined || options.signingKey === null) {
    throw invalidOption("signingKey", "is required");
  }

  const accessTokenTtl = options.accessTokenTtl ?? 3600;
  if (!isPositiveInteger(accessTokenTtl)) {
    throw invalidOption("accessTokenTtl", "must be a positive whole number of seconds");
  }
  const publishedKeys = options.publishedKeys ?? [];
  if (!Array.isArray(publishedKeys)) throw invalidOption("publishedKeys", "expected an array of keys");
  const jwksMaxAge = options.jwksMaxAge ?? 300;
  if (!isNonNegativeInteger(jwksMaxAge)) throw invalidOption("jwksMaxAge", "must be a whole number of seconds");
  const metadataMaxAge = options.metadataMaxAge ?? 3600;
  if (!isNonNegativeInteger(metadataMaxAge)) throw invalidOption("metadataMaxAge", "must be a whole number of seconds");
  const maxBodyBytes = options.maxBodyBytes ?? 16 * 1024;
  if (!isPositiveInteger(maxBodyBytes)) {
    throw invalidOption("maxBodyBytes", "must be a positive whole number of bytes");
  }
  if (options.onError !== undefined && typeof options.onError !== "function") {
    throw invalidOption("onError", "expected a function");
  }
  if (options.now !== undefined && typeof options.now !== "function") {
    throw invalidOption("now", "expected a function returning milliseconds since the epoch");
  }

  if (options.customClaims !== undefined && typeof options.customClaims !== "function") {
    throw invalidOption("customClaims", "expected a function returning an object of claims");
  }

  const resolved: ResolvedOptions = {
    issuer: options.issuer,
    clients: options.clients,
    scopes: options.scopes,
    accessTokens: options.accessTokens,
    signingKey: options.signingKey,
    publishedKeys: Object.freeze([...publishedKeys]),
    jwksMaxAge,
    metadataMaxAge,
    grants: resolveGrants(options.grants),
    accessTokenTtl,
    audience: resolveAudience(options.audience ?? options.issuer),
    accessTokenTtlByAudience: resolveTtlByAudience(options.accessTokenTtlByAudience),
    customClaims: options.customClaims,
    events: resolveEvents(options.events),
    origin: issuerUrl.origin,
    tokenEndpointPath: resolvePath("tokenEndpointPath", options.tokenEndpointPath ?? `${base}/token`),
    revocationEndpointPath: resolvePath("revocationEndpointPath", options.revocationEndpointPath ?? `${base}/revoke`),
    introspectionEndpointPath: resolvePath(
      "introspectionEndpointPath",
      options.introspectionEndpointPath ?? `${base}/introspect`,
    ),
    jwksPath: resolvePath("jwksPath", options.jwksPath ?? `${base}/.well-known/jwks.json`),
    metadataPath: resolvePath(
      "metadataPath",
      options.metadataPath ?? `/.well-known/oauth-authorization-server${base}`,
    ),
    maxBodyBytes,
    limits: resolveLimits(options, maxBodyBytes),
    clientAuthenticationGuard: resolveClientAuthenticationLimit(options),
    onError: options.onError ?? defaultOnError,
    now: options.now ?? Date.now,
  };
  const paths = [
    resolved.tokenEndpointPath,
    resolved.revocationEndpointPath,
    resolved.introspectionEndpointPath,
    resolved.jwksPath,
    resolved.metadataPath,
  ];
  if (new Set(paths).size !== paths.length) {
    throw invalidOption("tokenEndpointPath", "the token, revocation, introspection, JWKS and metadata paths must differ");
  }
  return Object.freeze(resolved);
}

function resolveGrants(grants: readonly Grant[] | undefined): ReadonlyMap<string, Grant> {
  if (!Array.isArray(grants) || grants.length === 0) {
    throw invalidOption("grants", "enable at least one grant, for example [clientCredentialsGrant()]");
  }
  const byType = new Map<string, Grant>();
  for (const grant of grants as readonly Grant[]) {
    if (typeof grant?.grantType !== "string" || typeof grant.respondToAccessTokenRequest !== "function") {
      throw invalidOption("grants", "expected Grant values such as clientCredentialsGrant()");
    }
    if (byType.has(grant.grantType)) throw invalidOption("grants", `${grant.grantType} is enabled twice`);
    byType.set(grant.grantType, grant);
  }
  return byType;
}

function resolveAudience(audience: string | readonly string[]): string | readonly string[] {
  const values = typeof audience === "string" ? [audience] : audience;
  if (!Array.isArray(values) || values.length === 0 || !values.every((v) => typeof v === "string" && v !== "")) {
    throw invalidOption("audience", "expected a non-empty string or a non-empty array of them");
  }
  return typeof audience === "string" ? audience : Object.freeze([...values]);
}

function resolveTtlByAudience(limits: unknown): ReadonlyMap<string, number> | undefined {
  if (limits === undefined) return undefined;
  if (typeof limits !== "object" || limits === null || Array.isArray(limits)) {
    throw invalidOption("accessTokenTtlByAudience", "expected an object of audience: seconds");
  }
  const entries = Object.entries(limits);
  for (const [audience, ttl] of entries) {
    if (audience === "") throw invalidOption("accessTokenTtlByAudience", "an audience must be a non-empty string");
    if (!isPositiveInteger(ttl)) {
      throw invalidOption(`accessTokenTtlByAudience[${JSON.stringify(audience)}]`, "must be a positive whole number of seconds");
    }
  }
  return entries.length === 0 ? undefined : new Map(entries as [string, number][]);
}

function resolveEvents(events: unknown): AuthorizationServerEvents {
  if (events === undefined) return Object.freeze({});
  if (typeof events !== "object" || events === null) throw invalidOption("events", "expected an object of hooks");
  for (const [name, hook] of Object.entries(events)) {
    if (!eventNames.includes(name as keyof AuthorizationServerEvents)) {
      throw invalidOption("events", `unknown event ${JSON.stringify(name)}; expected ${eventNames.join(", ")}`);
    }
    if (hook !== undefined && typeof hook !== "function") throw invalidOption(`events.${name}`, "expected a function");
  }
  return Object.freeze({ ...(events as AuthorizationServerEvents) });
}

/**
 * Paths are matched exactly, and routers (Hono's among them) read `*`, `:` and `%` as pattern or
 * escape syntax; so a path is `/` and unreserved characters only (RFC 3986 §2.3).
 */
function resolvePath(name: string, path: unknown): string {
  if (typeof path !== "string" || !/^\/[A-Za-z0-9\-._~/]*$/.test(path)) {
    throw invalidOption(name, "expected an absolute path of letters, digits, -._~ and /, such as /token");
  }
  return path;
}
