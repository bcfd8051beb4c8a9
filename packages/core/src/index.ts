export { createAuthorizationServer, type AuthorizationServer, type KeyManager } from "./authorization-server/create.js";
export type { AuthorizationServerOptions } from "./authorization-server/options.js";
export { OAuthError, type OAuthErrorCode, type OAuthErrorInit } from "./protocol/errors.js";
export { TemporarilyUnavailableError, TokenRequestTimeoutError } from "./protocol/faults.js";
export type { TokenRequestLimitOptions } from "./authorization-server/limits.js";
export {
  InMemoryClientAuthenticationLimiter,
  type ClientAuthenticationLimiter,
  type ClientAuthenticationLimitOptions,
  type InMemoryClientAuthenticationLimiterOptions,
} from "./authorization-server/client-auth/lockout.js";
export { clientCredentialsGrant, type ClientCredentialsGrantOptions } from "./authorization-server/grants/client-credentials.js";
export type {
  AccessTokenGrant,
  AuthenticatedClient,
  Grant,
  GrantContext,
  IssuedAccessToken,
  TokenResponse,
} from "./authorization-server/grants/grant.js";
export type { FormRequest, TokenRequest } from "./http/form-request.js";
export type {
  AccessTokenIssuedEvent,
  AuthorizationServerEvents,
  ClientAuthenticationFailedEvent,
  ClientEndpoint,
  EventHook,
  IntrospectionPerformedEvent,
  TokenRevokedEvent,
} from "./authorization-server/events.js";
export type { CustomClaimsContext, CustomClaimsHook } from "./authorization-server/custom-claims.js";
export type { IntrospectionResponse } from "./authorization-server/endpoints/introspection.js";
export type {
  AccessTokenRecord,
  AccessTokenRepository,
  ScopeFinalizationContext,
  ScopeRepository,
} from "./authorization-server/repositories/repositories.js";
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
} from "./authorization-server/repositories/in-memory.js";
export { generateClientSecret, hashClientSecret, verifyClientSecret } from "./authorization-server/client-auth/secrets.js";
export { formatScope, isScopeToken, parseScope } from "./protocol/scopes.js";
export type { AuthorizationServerMetadata } from "./authorization-server/metadata.js";
export type { AccessTokenClaims } from "./tokens/signer.js";
export type { PublicJwk, SigningAlgorithm, SigningKeyInput } from "./tokens/keys.js";
export type { JsonWebKeySet, KeyInfo } from "./tokens/key-set.js";
export { generateSigningKey, type GeneratedSigningKey } from "./tokens/generate-key.js";
export { createResourceServer, type ResourceServer } from "./resource-server/create.js";
export type {
  FetchFunction,
  PublicJsonWebKeySet,
  ResourceServerOptions,
  RevocationList,
  VerificationAlgorithm,
} from "./resource-server/options.js";
export type { AccessTokenPrincipal } from "./tokens/principal.js";
/**
 * @internal For runtime adapters only (the shapes of `fetch`'s plain entry point, which
 * `@tessera/node` uses); not part of the public API and may change in any release.
 */
export type { PlainHandler, PlainRequest, PlainResponse } from "./http/exchange.js";
