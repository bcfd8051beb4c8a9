import { fromPlainRequest, toFetchHandler } from "../http/exchange.js";
import { registerPlainEntryPoint } from "../http/plain-handlers.js";
import type { KeyManager } from "../tokens/key-manager.js";
import { createOwnTokenVerifier } from "../tokens/own-token-verifier.js";
import { createServerClientAuthenticator } from "./client-auth/methods.js";
import { documentEndpoint } from "./documents.js";
import { introspectionEndpoint } from "./endpoints/introspection.js";
import { revocationEndpoint } from "./endpoints/revocation.js";
import { tokenEndpoint } from "./endpoints/token.js";
import type { EndpointName } from "./events.js";
import { livenessEndpoint, readinessEndpoint } from "./health.js";
import { createAccessTokenIssuer } from "./issuance.js";
import { createKeyManager } from "./key-manager.js";
import { observed } from "./observe.js";
import { resolveOptions, type AuthorizationServerOptions } from "./options.js";
import type { EndpointPaths } from "./paths.js";
import { createRouter, notFound } from "./router.js";
import { startUp } from "./startup.js";

/**
 * A configured authorization server: one handler per endpoint, and {@link
 * AuthorizationServer.fetch} routing all of them, on WHATWG `Request` and `Response`. Every method
 * is bound, so `const { fetch } = server` and `Deno.serve(server.fetch)` work.
 */
export interface AuthorizationServer {
  /**
   * The token endpoint (RFC 6749 §3.2). Never throws: every failure is an OAuth error response
   * (RFC 6749 §5.2), and anything unexpected is a bare `server_error` reported to `onError`.
   */
  respondToTokenRequest(request: Request): Promise<Response>;
  /**
   * The revocation endpoint (RFC 7009 §2): an authenticated client revokes one of its access
   * tokens, marked in the `revocations` store. Never throws, like the token endpoint.
   */
  respondToRevocationRequest(request: Request): Promise<Response>;
  /**
   * The introspection endpoint (RFC 7662 §2): an authenticated client learns whether a token is
   * active, and its claims. Never throws, like the token endpoint.
   */
  respondToIntrospectionRequest(request: Request): Promise<Response>;
  /** The RFC 8414 metadata document. GET or HEAD. */
  respondToMetadataRequest(request: Request): Promise<Response>;
  /** The JWK Set with the public signing keys (RFC 7517 §5). GET or HEAD. */
  respondToJwksRequest(request: Request): Promise<Response>;
  /**
   * Routes a request to the endpoint at its path ({@link AuthorizationServer.paths}); 404 JSON for
   * any other path. Runtime adapters may call the same routing on plain data instead, through
   * `plainEntryPointOf(server.fetch)` from `@tessera/core/adapter`.
   */
  fetch(request: Request): Promise<Response>;
  /**
   * Settles when start-up work (key import, metadata) is done; rejects with the `TypeError` of
   * a key that cannot be used. Requests wait for it by themselves; await it before listening so
   * a bad key stops start-up instead of failing requests.
   */
  readonly ready: Promise<void>;
  /** The signing keys: the JWKS they publish, and rotation. See {@link KeyManager}. */
  readonly keys: KeyManager;
  /** The issuer identifier. */
  readonly issuer: string;
  /** The path of each endpoint, for mounting on a router: the `paths` option, resolved. */
  readonly paths: EndpointPaths;
}

/**
 * Creates an authorization server. Options are checked here: a mistake throws a `TypeError`
 * naming the option. The signing key is imported once, in the background; see
 * {@link AuthorizationServer.ready}.
 *
 * @example
 * ```ts
 * const server = createAuthorizationServer({
 *   issuer: "https://auth.example.com",
 *   clients: new InMemoryClientRepository([{ clientId: "svc", clientSecret, scopes: ["read"] }]),
 *   signingKey: privateKeyPem, // PKCS#8 PEM, private JWK or CryptoKeyPair
 *   grants: [clientCredentialsGrant()],
 * });
 * export default { fetch: server.fetch };
 * ```
 */
export function createAuthorizationServer(options: AuthorizationServerOptions): AuthorizationServer {
  const config = resolveOptions(options);
  const started = startUp(config);
  const authenticateClient = createServerClientAuthenticator({ ...config, tokenEndpoint: config.origin + config.paths.token });
  const verifyOwnToken = createOwnTokenVerifier(config.issuer, async () => (await started.current()).keySet, config.now);
  const { cacheMaxAge, onError } = config;

  const endpoints = {
    token: tokenEndpoint(config, authenticateClient, createAccessTokenIssuer(config, started)),
    revocation: revocationEndpoint(config, authenticateClient, verifyOwnToken),
    introspection: introspectionEndpoint(config, authenticateClient, verifyOwnToken),
    metadata: documentEndpoint(started, (state) => state.metadata, "application/json", cacheMaxAge.metadata, onError),
    jwks: documentEndpoint(started, (state) => state.keySet.published, "application/jwk-set+json", cacheMaxAge.jwks, onError),
    liveness: livenessEndpoint,
    readiness: readinessEndpoint(config, started),
  };
  for (const name of Object.keys(endpoints) as EndpointName[]) endpoints[name] = observed(config, name, endpoints[name]);
  const route = createRouter(config.paths, endpoints, observed(config, undefined, notFound));
  const fetch = toFetchHandler(route);
  registerPlainEntryPoint(fetch, {
    handle: (request) => route(fromPlainRequest(request)),
    maxBodyBytes: config.limits.maxBodyBytes,
  });

  return Object.freeze({
    respondToTokenRequest: toFetchHandler(endpoints.token),
    respondToRevocationRequest: toFetchHandler(endpoints.revocation),
    respondToIntrospectionRequest: toFetchHandler(endpoints.introspection),
    respondToMetadataRequest: toFetchHandler(endpoints.metadata),
    respondToJwksRequest: toFetchHandler(endpoints.jwks),
    fetch,
    ready: started.ready,
    keys: createKeyManager(config, started.state),
    issuer: config.issuer,
    paths: config.paths,
  });
}
