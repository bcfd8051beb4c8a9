import { clientAuthenticationMethods, isClientIdentifier } from "../client-auth/authenticate.js";
import { hashClientSecret, isClientSecretHash } from "../client-auth/secrets.js";
import { invalidOption, isPositiveInteger } from "../../lib/checks.js";
import type {
  AccessTokenRecord,
  AccessTokenRepository,
  Client,
  ClientAuthenticationMethod,
  ClientRepository,
  ScopeFinalizationContext,
  ScopeRepository,
} from "./repositories.js";
import { isResourceIndicator } from "../resource-indicators.js";
import { isScopeToken } from "../../protocol/scopes.js";

/** A client as given to {@link InMemoryClientRepository}. */
export interface ClientRegistration {
  /** The client identifier. */
  readonly clientId: string;
  /**
   * The secret in plain text, as from {@link generateClientSecret}. It is hashed at
   * construction and not kept. Give this or `clientSecretHash`; with neither, the client is
   * public and cannot use the client credentials grant.
   */
  readonly clientSecret?: string | undefined;
  /** The secret's stored form, from {@link hashClientSecret}. */
  readonly clientSecretHash?: string | undefined;
  /** Scopes the client may be granted. @defaultValue none */
  readonly scopes?: readonly string[] | undefined;
  /** Scopes granted when a request names none. @defaultValue all of `scopes` */
  readonly defaultScopes?: readonly string[] | undefined;
  /** Grant types the client may use. @defaultValue `["client_credentials"]` */
  readonly grantTypes?: readonly string[] | undefined;
  /** The one authentication method the client may use. @defaultValue any */
  readonly tokenEndpointAuthMethod?: ClientAuthenticationMethod | undefined;
  /**
   * The resources (RFC 8707 audiences) the client may ask a token for: absolute URIs without
   * fragment. @defaultValue none
   */
  readonly resources?: readonly string[] | undefined;
  /** The `aud` of a token requested without `resource`: among `resources`. @defaultValue the server's audience */
  readonly defaultResources?: readonly string[] | undefined;
  /** This client's access token lifetime in seconds. @defaultValue the grant's, else the server's */
  readonly accessTokenTtl?: number | undefined;
  /** Whether the client may introspect every token (RFC 7662), not only its own. @defaultValue false */
  readonly introspection?: boolean | undefined;
  /** Whether the client is refused authentication. @defaultValue false */
  readonly disabled?: boolean | undefined;
}

/**
 * Clients held in memory, from a fixed list: for configuration files, tests and small
 * deployments. Registrations are checked at construction (a mistake throws a `TypeError` naming
 * the client) and plain-text secrets are hashed once.
 */
export class InMemoryClientRepository implements ClientRepository {
  readonly #clients = new Map<string, Promise<Client>>();

  constructor(registrations: Iterable<ClientRegistration>) {
    for (const registration of registrations) {
      checkRegistration(registration);
      if (this.#clients.has(registration.clientId)) {
        throw invalidOption("clients", `client ${registration.clientId} is registered twice`);
      }
      this.#clients.set(registration.clientId, toClient(registration));
    }
  }

  getClient(clientId: string): Promise<Client | undefined> {
    return this.#clients.get(clientId) ?? Promise.resolve(undefined);
  }
}

function checkRegistration(registration: ClientRegistration): void {
  const { clientId } = registration;
  if (typeof clientId !== "string" || !isClientIdentifier(clientId)) {
    throw invalidOption("clients", "a clientId must be a non-empty string of printable ASCII");
  }
  const name = `client ${clientId}`;
  const { clientSecret, clientSecretHash, scopes = [], defaultScopes, grantTypes, tokenEndpointAuthMethod } =
    registration;
  if (clientSecret !== undefined && clientSecretHash !== undefined) {
    throw invalidOption(name, "give clientSecret or clientSecretHash, not both");
  }
  if (clientSecret !== undefined && (typeof clientSecret !== "string" || !isClientIdentifier(clientSecret))) {
    throw invalidOption(name, "clientSecret must be a non-empty string of printable ASCII (RFC 6749 A.2)");
  }
  if (clientSecretHash !== undefined && !isClientSecretHash(clientSecretHash)) {
    throw invalidOption(name, "clientSecretHash must come from hashClientSecret()");
  }
  if (!Array.isArray(scopes) || !scopes.every((s) => typeof s === "string" && isScopeToken(s))) {
    throw invalidOption(name, "scopes must be scope tokens (RFC 6749 §3.3)");
  }
  if (defaultScopes !== undefined && (!Array.isArray(defaultScopes) || !defaultScopes.every((s) => scopes.includes(s)))) {
    throw invalidOption(name, "defaultScopes must be among its scopes");
  }
  if (grantTypes !== undefined && (!Array.isArray(grantTypes) || !grantTypes.every((g) => typeof g === "string"))) {
    throw invalidOption(name, "grantTypes must be an array of grant type names");
  }
  const grants = grantTypes ?? ["client_credentials"];
  if (grants.includes("client_credentials") && clientSecret === undefined && clientSecretHash === undefined) {
    throw invalidOption(name, "the client_credentials grant needs a confidential client: give it a secret (RFC 6749 §4.4)");
  }
  if (tokenEndpointAuthMethod !== undefined && !clientAuthenticationMethods.includes(tokenEndpointAuthMethod)) {
    throw invalidOption(name, `tokenEndpointAuthMethod must be one of ${clientAuthenticationMethods.join(", ")}`);
  }
  checkClientRules(registration, name);
}

/** The rules of issue-time policy: audiences, lifetime, introspection, disabling. */
function checkClientRules(registration: ClientRegistration, name: string): void {
  const { resources = [], defaultResources, accessTokenTtl, introspection, disabled } = registration;
  if (!Array.isArray(resources) || !resources.every((r) => typeof r === "string" && isResourceIndicator(r))) {
    throw invalidOption(name, "resources must be absolute URIs without a fragment (RFC 8707 §2)");
  }
  if (defaultResources !== undefined && (!Array.isArray(defaultResources) || !defaultResources.every((r) => resources.includes(r)))) {
    throw invalidOption(name, "defaultResources must be among its resources");
  }
  if (accessTokenTtl !== undefined && !isPositiveInteger(accessTokenTtl)) {
    throw invalidOption(name, "accessTokenTtl must be a positive whole number of seconds");
  }
  if (introspection !== undefined && typeof introspection !== "boolean") throw invalidOption(name, "introspection must be a boolean");
  if (disabled !== undefined && typeof disabled !== "boolean") throw invalidOption(name, "disabled must be a boolean");
}

async function toClient(registration: ClientRegistration): Promise<Client> {
  const { clientSecret, clientSecretHash } = registration;
  const hash = clientSecret === undefined ? clientSecretHash : await hashClientSecret(clientSecret);
  return Object.freeze({
    clientId: registration.clientId,
    secrets: hash === undefined ? undefined : Object.freeze([Object.freeze({ hash })]),
    grantTypes: Object.freeze([...(registration.grantTypes ?? ["client_credentials"])]),
    scopes: Object.freeze([...(registration.scopes ?? [])]),
    defaultScopes: registration.defaultScopes && Object.freeze([...registration.defaultScopes]),
    tokenEndpointAuthMethod: registration.tokenEndpointAuthMethod,
    resources: registration.resources && Object.freeze([...registration.resources]),
    defaultResources: registration.defaultResources && Object.freeze([...new Set(registration.defaultResources)]),
    accessTokenTtl: registration.accessTokenTtl,
    introspection: registration.introspection,
    disabled: registration.disabled,
  });
}

/** Options of {@link InMemoryScopeRepository}. */
export interface InMemoryScopeRepositoryOptions {
  /** The `finalizeScopes` hook; see {@link ScopeRepository.finalizeScopes}. */
  readonly finalizeScopes?: ScopeRepository["finalizeScopes"] | undefined;
}

/** A fixed set of registered scopes, listed in the metadata's `scopes_supported`. */
export class InMemoryScopeRepository implements ScopeRepository {
  readonly #scopes: ReadonlySet<string>;
  readonly #finalize: ScopeRepository["finalizeScopes"];

  constructor(scopes: Iterable<string>, options: InMemoryScopeRepositoryOptions = {}) {
    const list = [...scopes];
    if (!list.every((s) => typeof s === "string" && isScopeToken(s))) {
      throw invalidOption("scopes", "every scope must be a scope token (RFC 6749 §3.3)");
    }
    this.#scopes = new Set(list);
    this.#finalize = options.finalizeScopes;
  }

  async findScopes(scopes: readonly string[]): Promise<readonly string[]> {
    return scopes.filter((scope) => this.#scopes.has(scope));
  }

  async listScopes(): Promise<readonly string[]> {
    return [...this.#scopes];
  }

  async finalizeScopes(scopes: readonly string[], context: ScopeFinalizationContext): Promise<readonly string[]> {
    return this.#finalize ? this.#finalize(scopes, context) : scopes;
  }
}

/**
 * Issued access tokens held in memory until they expire, and the revoked ones among them.
 * Expired tokens and revocations are swept out as new ones arrive, so memory stays within about
 * twice the entries still valid, whatever their TTLs.
 */
export class InMemoryAccessTokenRepository implements AccessTokenRepository {
  readonly #tokens = new Map<string, AccessTokenRecord>();
  /** Revoked `jti`s, with when the mark may go: when the token expires (seconds). */
  readonly #revoked = new Map<string, number>();
  readonly #now: () => number;
  /** The size at which the next sweep runs; doubling it keeps sweeping amortised O(1). */
  #sweepAt = minimumSweepSize;

  /** @param now - the clock in milliseconds since the epoch; for tests. */
  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  async persistNewAccessToken(token: AccessTokenRecord): Promise<void> {
    this.#sweepIfDue();
    this.#tokens.set(token.jti, Object.freeze({ ...token }));
  }

  /**
   * Revokes the token `jti`: from now on {@link InMemoryAccessTokenRepository.isAccessTokenRevoked}
   * answers `true` for it, so a resource server with this repository refuses it. The mark is
   * kept until the token expires: its `expiresAt` when the repository holds it, else the
   * `expiresAt` given here (seconds since the epoch), else for as long as the repository lives.
   */
  async revokeAccessToken(jti: string, expiresAt?: number): Promise<void> {
    this.#sweepIfDue();
    this.#revoked.set(jti, this.#tokens.get(jti)?.expiresAt ?? expiresAt ?? Number.POSITIVE_INFINITY);
  }

  /** Whether the token `jti` was revoked with {@link InMemoryAccessTokenRepository.revokeAccessToken}. */
  async isAccessTokenRevoked(jti: string): Promise<boolean> {
    return this.#revoked.has(jti);
  }

  /** The record of a token that has not expired, by `jti`. */
  find(jti: string): AccessTokenRecord | undefined {
    const token = this.#tokens.get(jti);
    return token !== undefined && token.expiresAt > this.#now() / 1000 ? token : undefined;
  }

  /** How many tokens are held, expired ones not yet swept included. */
  get size(): number {
    return this.#tokens.size;
  }

  #sweepIfDue(): void {
    if (this.#tokens.size + this.#revoked.size >= this.#sweepAt) this.#sweep();
  }

  #sweep(): void {
    const now = this.#now() / 1000;
    for (const [jti, token] of this.#tokens) {
      if (token.expiresAt <= now) this.#tokens.delete(jti);
    }
    for (const [jti, expiresAt] of this.#revoked) {
      if (expiresAt <= now) this.#revoked.delete(jti);
    }
    this.#sweepAt = Math.max(minimumSweepSize, (this.#tokens.size + this.#revoked.size) * 2);
  }
}

const minimumSweepSize = 1024;
