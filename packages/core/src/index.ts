/**
 * `@tessera/core`: an OAuth 2.0 authorization server for machine-to-machine access, and the
 * resource server that verifies its tokens, on WHATWG `Request`/`Response` and WebCrypto.
 *
 * @packageDocumentation
 */

// The authorization server
export { createAuthorizationServer, type AuthorizationServer } from "./authorization-server/create.js";
export type { AuthorizationServerOptions } from "./authorization-server/options.js";
export type { EndpointPathOptions, EndpointPaths } from "./authorization-server/paths.js";
export type { RequestLimitOptions } from "./authorization-server/limits.js";
export type { CacheMaxAgeOptions } from "./authorization-server/cache-max-age.js";
export type { AuthorizationServerMetadata } from "./authorization-server/metadata.js";
export type { TokenRequest } from "./authorization-server/token-request.js";
export type { FormRequest } from "./http/form-request.js";

// Grants
export { clientCredentialsGrant, type ClientCredentialsGrantOptions } from "./authorization-server/grants/client-credentials.js";
export type {
  AccessTokenGrant,
  AuthenticatedClient,
  Grant,
  GrantContext,
  IssuedAccessToken,
  TokenResponse,
} from "./authorization-server/grants/grant.js";

// Client authentication
export { generateClientSecret, hashClientSecret, verifyClientSecret } from "./authorization-server/client-auth/secrets.js";
export type { LockoutOptions } from "./authorization-server/client-auth/lockout.js";
export type {
  AssertionAlgorithm,
  ClientAssertionOptions,
  JwksFetch,
} from "./authorization-server/client-auth/assertion-options.js";

// DPoP (RFC 9449), at both servers
export type { DpopOptions } from "./tokens/dpop-options.js";
export type { DpopNonceOptions } from "./tokens/dpop-nonce.js";
export type { DpopAlgorithm } from "./tokens/dpop-proof.js";

// Repositories and storage
export { InMemoryClientRepository, type ClientRegistration } from "./authorization-server/repositories/clients.js";
export {
  InMemoryScopeRepository,
  type InMemoryScopeRepositoryOptions,
  type ScopeFinalizationContext,
  type ScopeRepository,
} from "./authorization-server/repositories/scopes.js";
export type { AccessTokenRecord, AuditHook } from "./authorization-server/audit.js";
export type { Consistency } from "./storage/consistency.js";
export type {
  Client,
  ClientAuthenticationMethod,
  ClientPage,
  ClientRepository,
  ClientSecretHash,
  ClientStore,
} from "./storage/clients.js";
export { revocationGrace, type RevocableToken, type RevocationCheck, type RevocationStore } from "./storage/revocations.js";
export type { ChangeBatch, ChangeFeed, StoreChange } from "./storage/changes.js";
export { ChangeFollower, type ChangeFollowerOptions, type ChangeListener } from "./storage/change-follower.js";
export { RevocationSet, type RevocationSetOptions } from "./storage/revocation-set.js";
export { ClientCache, type ClientCacheOptions } from "./storage/client-cache.js";
export type { CounterState, CounterStore } from "./storage/counters.js";
export { BoundedCounterStore, type BoundedCounterStoreOptions } from "./storage/bounded-counter-store.js";
export { CachedCounterStore, type CachedCounterStoreOptions } from "./storage/cached-counter-store.js";
export { MemoryStore, type MemoryStoreOptions } from "./storage/memory-store.js";
export type { ReplayStore } from "./storage/replay.js";
export type { StoreProbe } from "./storage/probe.js";

// Events and custom claims
export type {
  AccessTokenIssuedEvent,
  AuthorizationServerEvents,
  ClientAuthenticationFailedEvent,
  ClientEndpoint,
  EndpointName,
  EventHook,
  IntrospectionPerformedEvent,
  KeyChangedEvent,
  LockoutStartedEvent,
  RequestCompletedEvent,
  RequestEvent,
  TokenRevokedEvent,
} from "./authorization-server/events.js";
export type { CustomClaimsContext, CustomClaimsHook } from "./authorization-server/custom-claims.js";
export type { IntrospectionResponse } from "./authorization-server/endpoints/introspection.js";

// Keys and tokens
export { generateSigningKey, type GeneratedSigningKey } from "./tokens/generate-key.js";
export type { KeyManager } from "./tokens/key-manager.js";
export type { KeyInfo } from "./tokens/key-set.js";
export type { PublishedJwk, SigningAlgorithm, SigningKeyInput } from "./tokens/keys.js";
export type { JsonWebKeySet, PublicJwk } from "./tokens/jwk.js";
export type { AccessTokenClaims } from "./tokens/signer.js";
export type { AccessTokenPrincipal } from "./tokens/principal.js";

// The resource server
export { createResourceServer, type ResourceServer } from "./resource-server/create.js";
export type { ResourceServerOptions } from "./resource-server/options.js";
export type { VerificationAlgorithm } from "./resource-server/algorithms.js";
export type { FetchFunction } from "./resource-server/key-source-option.js";

// Errors and scopes
export { OAuthError, type OAuthErrorCode, type OAuthErrorInit } from "./protocol/errors.js";
export { RequestTimeoutError, TemporarilyUnavailableError, type ErrorHook } from "./protocol/faults.js";
export { formatScope, isScopeToken, parseScope } from "./protocol/scopes.js";
