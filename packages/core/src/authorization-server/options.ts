import { invalidOption, isPositiveInteger } from "../lib/checks.js";
import { resolveAudience } from "../protocol/audience.js";
import { safeErrorHook, type ErrorHook } from "../protocol/faults.js";
import { parseIssuerUrl } from "../protocol/issuer.js";
import type { ClientRepository } from "../storage/clients.js";
import type { ReplayStore } from "../storage/replay.js";
import type { RevocationStore } from "../storage/revocations.js";
import type { DpopOptions } from "../tokens/dpop-options.js";
import type { SigningKeyInput } from "../tokens/keys.js";
import { resolveReplayStore } from "../tokens/replay-reservations.js";
import type { AuditHook } from "./audit.js";
import { resolveClientAssertions, type ClientAssertionOptions, type ClientAssertionSettings } from "./client-auth/assertion-options.js";
import { resolveLockout, type Lockout, type LockoutOptions } from "./client-auth/lockout.js";
import { resolveTokenDpop, type TokenEndpointDpop } from "./endpoints/token-dpop.js";
import type { CustomClaimsHook } from "./custom-claims.js";
import { resolveCacheMaxAge, type CacheMaxAge, type CacheMaxAgeOptions } from "./cache-max-age.js";
import { resolveEvents, type AuthorizationServerEvents } from "./events.js";
import type { Grant } from "./grants/grant.js";
import { resolveLimits, type RequestLimitOptions, type RequestLimits } from "./limits.js";
import { resolvePaths, type EndpointPathOptions, type EndpointPaths } from "./paths.js";
import type { ScopeRepository } from "./repositories/scopes.js";
import { resolveTtlByAudience } from "./resource-indicators.js";

/**
 * Options of {@link createAuthorizationServer}. Durations are in seconds throughout; the clock
 * (`now`) is in milliseconds since the epoch, as `Date.now` is.
 */
export interface AuthorizationServerOptions {
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
   * Where revocations are kept: a `MemoryStore`, a `RevocationSet` (which also answers this
   * process's resource server at once) or a shared store (`@tessera/postgres`,
   * `@tessera/cloudflare`). With it, the revocation endpoint marks a token revoked until its
   * `exp` plus `revocationGrace` and is advertised in the metadata, and introspection answers
   * `active: false` for revoked tokens. Issuing a token writes nothing to it.
   * @defaultValue none: the revocation endpoint answers `unsupported_token_type`
   * @see RFC 7009 §2, RFC 7662 §2.2
   */
  readonly revocations?: RevocationStore | undefined;
  /**
   * Awaited with the record of every token before it is returned, for an audit trail of issued
   * tokens; a failure refuses the token (see {@link AuditHook}). Not needed for revocation.
   * @defaultValue none: issuing a token writes nothing
   */
  readonly audit?: AuditHook | undefined;
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
   * The grant types the token endpoint supports, each enabled explicitly, for example
   * `[clientCredentialsGrant()]`. At least one.
   */
  readonly grants: readonly Grant[];
  /** Access token lifetime in seconds, for grants that do not set their own. @defaultValue 3600 */
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
   * its audiences wins). Keys are audience values, as in `audience` or a client's `resources`.
   * @defaultValue none
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
   * Hooks told about every answered request, client authentication failures, lockouts, issued
   * tokens, revocations, introspections and key changes, for logs and metrics. Called synchronously and never awaited; a hook that throws or rejects is
   * reported to `onError` and changes nothing. See {@link AuthorizationServerEvents}.
   * @defaultValue none
   */
  readonly events?: AuthorizationServerEvents | undefined;
  /** Where each endpoint is served; {@link AuthorizationServer.paths} reports the result. */
  readonly paths?: EndpointPathOptions | undefined;
  /** How long clients may cache the metadata and the JWKS. */
  readonly cacheMaxAge?: CacheMaxAgeOptions | undefined;
  /** Bounds on each request to the token, revocation and introspection endpoints. */
  readonly limits?: RequestLimitOptions | undefined;
  /**
   * The lockout of clients and callers that fail client authentication too often; `false` turns
   * it off. See {@link LockoutOptions}.
   * @defaultValue 10 failures per (client id, caller) and 100 per caller in 300 s, the caller
   * being the peer's address as the adapter tells it (per client id when unknown), counted in
   * this process's memory
   */
  readonly lockout?: LockoutOptions | false | undefined;
  /**
   * How `private_key_jwt` client assertions (RFC 7523) are checked: their lifetime, audience,
   * algorithms, and the fetching of clients' `jwks_uri`. See {@link ClientAssertionOptions}.
   */
  readonly clientAssertions?: ClientAssertionOptions | undefined;
  /**
   * DPoP at the token endpoint (RFC 9449): a request with a valid `DPoP` proof gets a token bound
   * to the proof's key (`token_type` `DPoP`, `cnf.jkt`); a client registered with
   * `dpopBoundAccessTokens` must send one. See {@link DpopOptions}. @defaultValue DPoP accepted, no nonces
   */
  readonly dpop?: DpopOptions | undefined;
  /**
   * Where client assertion and DPoP proof `jti`s are reserved, each accepted once (RFC 7523 §3,
   * RFC 9449 §11.1). Its `replayConsistency` must be `strong`: a best-effort store is refused
   * here. With several instances, give them one shared store. @defaultValue reservations in this
   * process's memory
   */
  readonly replay?: ReplayStore | undefined;
  /**
   * `"fapi2"`: the FAPI 2.0 Security Profile (§5.3, §5.4) as it applies to client credentials:
   * client secrets refused (only `private_key_jwt`), every token sender-constrained (a DPoP proof
   * required), PS256, ES256 or EdDSA only (RS256 assertions, proofs and signing keys refused),
   * and assertions' `aud` the issuer alone. @defaultValue none
   */
  readonly profile?: "fapi2" | undefined;
  /**
   * Told about every unexpected failure answered with `server_error` (a repository that threw,
   * a key that failed to import) or `temporarily_unavailable`, and about hooks that failed.
   * Client mistakes are not errors and are not reported. Its own failures are ignored.
   * @defaultValue writes one line naming the error's type (not its message) with `console.error`
   */
  readonly onError?: ErrorHook | undefined;
  /** The clock, in milliseconds since the epoch; for tests. @defaultValue `Date.now` */
  readonly now?: (() => number) | undefined;
}

/** The options after validation and defaults; frozen. */
export interface ResolvedOptions {
  readonly issuer: string;
  /** The issuer's origin, which the metadata's endpoint URLs start with. */
  readonly origin: string;
  readonly clients: ClientRepository;
  readonly scopes: ScopeRepository | undefined;
  readonly revocations: RevocationStore | undefined;
  readonly audit: AuditHook | undefined;
  readonly signingKey: SigningKeyInput;
  readonly publishedKeys: readonly SigningKeyInput[];
  /** The enabled grants by `grant_type`. */
  readonly grants: ReadonlyMap<string, Grant>;
  readonly accessTokenTtl: number;
  readonly audience: string | readonly string[];
  /** `undefined` when no limit is configured, so the token path skips the lookup. */
  readonly accessTokenTtlByAudience: ReadonlyMap<string, number> | undefined;
  readonly customClaims: CustomClaimsHook | undefined;
  readonly events: AuthorizationServerEvents;
  readonly paths: EndpointPaths;
  readonly cacheMaxAge: CacheMaxAge;
  readonly limits: RequestLimits;
  readonly lockout: Lockout;
  readonly clientAssertions: ClientAssertionSettings;
  readonly dpop: TokenEndpointDpop;
  readonly replay: ReplayStore;
  readonly profile: "fapi2" | undefined;
  /** The `onError` hook, made safe to call. */
  readonly onError: ErrorHook;
  readonly now: () => number;
}

/** Validates the options, throwing a `TypeError` that names the first wrong one. */
export function resolveOptions(options: AuthorizationServerOptions): ResolvedOptions {
  if (typeof options !== "object" || options === null) throw invalidOption("options", "expected an object");
  const issuerUrl = parseIssuerUrl("issuer", options.issuer);
  checkRepositories(options);
  if (options.signingKey === undefined || options.signingKey === null) throw invalidOption("signingKey", "is required");
  const publishedKeys = options.publishedKeys ?? [];
  if (!Array.isArray(publishedKeys)) throw invalidOption("publishedKeys", "expected an array of keys");
  const accessTokenTtl = options.accessTokenTtl ?? 3600;
  if (!isPositiveInteger(accessTokenTtl)) throw invalidOption("accessTokenTtl", "must be a positive whole number of seconds");
  checkFunction("audit", options.audit, "a function (record) => Promise<void>");
  checkFunction("customClaims", options.customClaims, "a function returning an object of claims");
  checkFunction("onError", options.onError, "a function (error, request) => void");
  checkFunction("now", options.now, "a function returning milliseconds since the epoch");
  const now = options.now ?? Date.now;
  if (options.profile !== undefined && options.profile !== "fapi2") throw invalidOption("profile", 'expected "fapi2" or undefined');
  const fapi = options.profile === "fapi2";
  const replay = resolveReplayStore(options.replay, now);
  const events = resolveEvents(options.events);
  const onError = safeErrorHook(options.onError, "tessera");

  return Object.freeze({
    issuer: options.issuer,
    origin: issuerUrl.origin,
    clients: options.clients,
    scopes: options.scopes,
    revocations: options.revocations,
    audit: options.audit,
    signingKey: options.signingKey,
    publishedKeys: Object.freeze([...publishedKeys]),
    grants: resolveGrants(options.grants),
    accessTokenTtl,
    audience: resolveAudience("audience", options.audience ?? options.issuer),
    accessTokenTtlByAudience: resolveTtlByAudience(options.accessTokenTtlByAudience),
    customClaims: options.customClaims,
    events,
    paths: resolvePaths(options.paths, issuerUrl),
    cacheMaxAge: resolveCacheMaxAge(options.cacheMaxAge),
    limits: resolveLimits(options.limits),
    lockout: resolveLockout(options.lockout, now, events, onError),
    clientAssertions: resolveClientAssertions(options.clientAssertions, fapi),
    dpop: resolveTokenDpop(options.dpop, replay, now, fapi),
    replay,
    profile: options.profile,
    onError,
    now,
  });
}

function checkRepositories(options: AuthorizationServerOptions): void {
  if (typeof options.clients?.getClient !== "function") {
    throw invalidOption("clients", "expected a ClientRepository with getClient()");
  }
  if (options.scopes !== undefined && typeof options.scopes.findScopes !== "function") {
    throw invalidOption("scopes", "expected a ScopeRepository with findScopes()");
  }
  const { revocations } = options;
  if (revocations !== undefined && (typeof revocations?.revokeToken !== "function" || typeof revocations.isRevoked !== "function")) {
    throw invalidOption("revocations", "expected a RevocationStore with revokeToken() and isRevoked()");
  }
}

function checkFunction(name: string, value: unknown, expected: string): void {
  if (value !== undefined && typeof value !== "function") throw invalidOption(name, `expected ${expected}`);
}

function resolveGrants(grants: readonly Grant[] | undefined): ReadonlyMap<string, Grant> {
  if (!Array.isArray(grants) || grants.length === 0) {
    throw invalidOption("grants", "enable at least one grant, for example [clientCredentialsGrant()]");
  }
  const byType = new Map<string, Grant>();
  for (const grant of grants as readonly Grant[]) {
    if (typeof grant?.grantType !== "string" || typeof grant.respondToTokenRequest !== "function") {
      throw invalidOption("grants", "expected Grant values such as clientCredentialsGrant()");
    }
    if (byType.has(grant.grantType)) throw invalidOption("grants", `${grant.grantType} is enabled twice`);
    byType.set(grant.grantType, grant);
  }
  return byType;
}
