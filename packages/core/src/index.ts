export { createAuthorizationServer, type AuthorizationServer, type KeyManager } from "./server.js";
export type { AuthorizationServerOptions } from "./options.js";
export { OAuthError, type OAuthErrorCode, type OAuthErrorInit } from "./errors.js";
export { TemporarilyUnavailableError, TokenRequestTimeoutError } from "./faults.js";
export type { TokenRequestLimitOptions } from "./limits.js";
export {
  InMemoryClientAuthenticationLimiter,
  type ClientAuthenticationLimiter,
  type ClientAuthenticationLimitOptions,
  type InMemoryClientAuthenticationLimiterOptions,
} from "./client-auth-limiter.js";
export { clientCredentialsGrant, type ClientCredentialsGrantOptions } from "./grants/client-credentials.js";
export type {
  AccessTokenGrant,
  AuthenticatedClient,
  Grant,
  GrantContext,
  IssuedAccessToken,
  TokenResponse,
} from "./grants/grant.js";
export type { FormRequest, TokenRequest } from "./token-request.js";
export type {
  AccessTokenIssuedEvent,
  AuthorizationServerEvents,
  ClientAuthenticationFailedEvent,
  ClientEndpoint,
  EventHook,
  IntrospectionPerformedEvent,
  TokenRevokedEvent,
} from "./events.js";
export type { CustomClaimsContext, CustomClaimsHook } from "./tokens/custom-claims.js";
export type { IntrospectionResponse } from "./endpoints/introspection.js";
export type {
  AccessTokenRecord,
  AccessTokenRepository,
  ScopeFinalizationContext,
  ScopeRepository,
} from "./repositories.js";
export type { Consistency } from "./storage/consistency.js";
export type {
  Client,
  ClientAuthenticationMethod,
  ClientPage,
  ClientRepository,
  ClientSecretHash,
  ClientStore,
} from "./storage/clients.js";
export type { RevocableToken, RevocationStore } from "./storage/revocations.js";
export type { ChangeBatch, ChangeFeed, StoreChange } from "./storage/changes.js";
export type { CounterState, CounterStore } from "./storage/counters.js";
export type { ReplayStore } from "./storage/replay.js";
export {
  InMemoryAccessTokenRepository,
  InMemoryClientRepository,
  InMemoryScopeRepository,
  type ClientRegistration,
  type InMemoryScopeRepositoryOptions,
} from "./in-memory-repositories.js";
export { generateClientSecret, hashClientSecret, verifyClientSecret } from "./client-secrets.js";
export { formatScope, isScopeToken, parseScope } from "./scopes.js";
export type { AuthorizationServerMetadata } from "./metadata.js";
export type { AccessTokenClaims } from "./tokens/jwt.js";
export type { PublicJwk, SigningAlgorithm, SigningKeyInput } from "./tokens/keys.js";
export type { JsonWebKeySet, KeyInfo } from "./tokens/key-set.js";
export { generateSigningKey, type GeneratedSigningKey } from "./tokens/generate-key.js";
export { createResourceServer, type ResourceServer } from "./resource-server/resource-server.js";
export type {
  FetchFunction,
  PublicJsonWebKeySet,
  ResourceServerOptions,
  RevocationList,
  VerificationAlgorithm,
} from "./resource-server/options.js";
export type { AccessTokenPrincipal } from "./resource-server/principal.js";
/**
 * @internal For runtime adapters only (the shapes of `fetch`'s plain entry point, which
 * `@tessera/node` uses); not part of the public API and may change in any release.
 */
export type { PlainHandler, PlainRequest, PlainResponse } from "./lib/exchange.js";
export { MemoryStore, type MemoryStoreOptions } from "./storage/memory-store.js";
