import { createClientAuthenticator, presentedClientId } from "./client-auth/authenticate.js";
import type { TokenManagementContext, TokenManagementEndpoint } from "./endpoints/token-management.js";
import { respondToIntrospectionRequest } from "./endpoints/introspection.js";
import { respondToRevocationRequest } from "./endpoints/revocation.js";
import { OAuthError, renderError } from "../protocol/errors.js";
import { emit, type ClientEndpoint } from "./events.js";
import { toOAuthError, withDeadline } from "../protocol/faults.js";
import type { AccessTokenGrant, GrantContext, IssuedAccessToken } from "./grants/grant.js";
import {
  fromPlainRequest,
  fromRequest,
  plainHandlerKey,
  toResponse,
  type Defer,
  type IncomingRequest,
  type PlainRequest,
  type PlainResponse,
} from "../http/exchange.js";
import { jsonResponse, noStoreHeaders } from "../http/responses.js";
import { buildMetadata } from "./metadata.js";
import { resolveOptions, type AuthorizationServerOptions, type ResolvedOptions } from "./options.js";
import type { AccessTokenRecord } from "./repositories/repositories.js";
import { limitTtlByAudience, resolveTokenAudience } from "./resource-indicators.js";
import { formatScope } from "../protocol/scopes.js";
import { checkRequestLimits } from "./limits.js";
import { readFormRequest, readTokenRequest, type FormRequest, type TokenRequest } from "../http/form-request.js";
import { entityTag, ifNoneMatchMatches } from "../lib/entity-tag.js";
import { checkCustomClaims } from "./custom-claims.js";
import { generateTokenId } from "../tokens/signer.js";
import { createOwnTokenVerifier } from "../tokens/own-token-verifier.js";
import { KeySet, type JsonWebKeySet, type KeyInfo } from "../tokens/key-set.js";
import { importPublishedKey, importSigningKey, type SigningKey, type SigningKeyInput } from "../tokens/keys.js";

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
   * tokens through `AccessTokenRepository.revokeAccessToken`. Never throws, like the token
   * endpoint.
   */
  respondToRevocationRequest(request: Request): Promise<Response>;
  /**
   * The introspection endpoint (RFC 7662 §2): an authenticated client learns whether a token is
   * active, and its claims. Never throws, like the token endpoint.
   */
  respondToIntrospectionRequest(request: Request): Promise<Response>;
  /** The RFC 8414 metadata document. GET or HEAD. */
  respondToMetadataRequest(request: Request): Promise<Response>;
  /** The JWK Set with the public signing key (RFC 7517 §5). GET or HEAD. */
  respondToJwksRequest(request: Request): Promise<Response>;
  /**
   * Routes a request to the endpoint at its path; 404 JSON for any other path.
   *
   * For runtime adapters, the function also carries the same routing on plain data (method,
   * URL, headers, body bytes in; status, headers, body text out) under
   * `Symbol.for("@tessera/core.plainHandler")`: `@tessera/node` uses it to answer without making
   * a `Request` or reading a `Response`. It is not part of the public API.
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
  /** The path of each endpoint, for mounting on a router. */
  readonly paths: {
    readonly token: string;
    readonly revocation: string;
    readonly introspection: string;
    readonly metadata: string;
    readonly jwks: string;
  };
}

/**
 * The server's signing keys, for rotation without downtime. The procedure:
 * 1. `await keys.add(next)`: the new key is published in the JWKS but signs nothing yet.
 * 2. Wait at least `jwksMaxAge` seconds, so every cached copy of the JWKS has the new key.
 * 3. `await keys.activate(kid)`: new tokens are signed with it; the old key stays published,
 *    so tokens it signed keep verifying. Requests in flight finish with the key they started with.
 * 4. Once the longest access token TTL has passed since step 3, `await keys.retire(oldKid)`.
 *
 * Several instances behind one issuer are rotated through configuration instead: deploy the
 * new key in `publishedKeys` everywhere (step 1), then make it the `signingKey` with the old one
 * in `publishedKeys` (step 3), then drop the old one (step 4).
 *
 * Every method waits for start-up; a change affects only this process.
 */
export interface KeyManager {
  /** The public JWK Set as currently published; a new object after every change. */
  jwks(): Promise<JsonWebKeySet>;
  /** The keys in the set, the active one marked. */
  list(): Promise<readonly KeyInfo[]>;
  /**
   * Publishes a key without signing with it, and resolves with its `kid`. A private key (any
   * {@link SigningKeyInput}) can be activated later; a public JWK is only published.
   * Rejects with a `TypeError` for a key that cannot be used.
   */
  add(key: SigningKeyInput): Promise<string>;
  /** Signs new tokens with the key `kid`, which must have been added with its private part. */
  activate(kid: string): Promise<void>;
  /** Stops publishing the key `kid`. The active key cannot be retired. */
  retire(kid: string): Promise<void>;
}

interface PublishedDocument {
  readonly json: string;
  readonly etag: string;
}

interface StartedState {
  readonly keySet: KeySet;
  readonly metadata: PublishedDocument;
}

const publicJsonHeaders = Object.freeze({ "content-type": "application/json" });
const readOnlyMethodHeaders = Object.freeze({ ...publicJsonHeaders, allow: "GET, HEAD" });
const readOnlyMethodBody = JSON.stringify({ error: "method_not_allowed", error_description: "Use GET or HEAD." });
const notFoundBody = JSON.stringify({ error: "not_found", error_description: "No endpoint at this path." });

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
  // RFC 7617 §2: the challenge names the scheme the token endpoint takes. The issuer, validated
  // as a URL, holds no `"` or `\` to escape inside the quoted realm.
  const challenge = `Basic realm="${config.issuer}", charset="UTF-8"`;
  const authenticateClient = createClientAuthenticator(config.clients, challenge, config.now);

  const starting = start(config);
  // Once started, the request path reads the state directly instead of awaiting it each time.
  let started: StartedState | undefined;
  // Marked as handled here: a key failure is reported through `ready` and per request, never
  // as an unhandled rejection that would end the process.
  starting.then((state) => (started = state), () => {});
  const ready = starting.then(() => {});
  ready.catch(() => {});

  // Built once: the headers of each document, and of its 304.
  const metadataCache = `public, max-age=${config.metadataMaxAge}`;
  const jwksCache = `public, max-age=${config.jwksMaxAge}`;

  const reportError = (error: unknown, request: Request) => report(config, error, request);
  const { events, customClaims, accessTokenTtlByAudience, clientAuthenticationGuard } = config;

  async function issueAccessToken(grant: AccessTokenGrant, request: IncomingRequest): Promise<IssuedAccessToken> {
    const { signer } = (started ?? (await starting)).keySet;
    const { client, subject, scopes, request: tokenRequest } = grant;
    const { grantType } = tokenRequest;
    // RFC 8707 §2: the audience is decided before anything is signed; `invalid_target` otherwise.
    const audience = resolveTokenAudience(tokenRequest.resources, client, config.audience);
    const ttl =
      accessTokenTtlByAudience === undefined ? grant.ttl : limitTtlByAudience(grant.ttl, audience, accessTokenTtlByAudience);
    const extra =
      customClaims === undefined
        ? undefined
        : checkCustomClaims(await customClaims({ client, request: tokenRequest, grantType, subject, scopes, audience }));
    const iat = Math.floor(config.now() / 1000);
    const exp = iat + ttl;
    const jti = generateTokenId();
    const clientId = client.clientId;
    // With the signatures of the requests that arrived with this one (see `PlainRequest.defer`).
    if (request.defer !== undefined) await nextTurn(request.defer);
    const token = await signer.sign(
      { iss: config.issuer, sub: subject, aud: audience, exp, iat, jti, client_id: clientId, scope: formatScope(scopes) },
      extra,
    );
    const record: AccessTokenRecord = { jti, clientId, subject, scopes, audience, issuedAt: iat, expiresAt: exp };
    await config.accessTokens?.persistNewAccessToken(record);
    emit(events.accessTokenIssued, () => ({ ...record, grantType, request: request.toRequest() }), reportError);
    return { token, expiresIn: ttl };
  }

  const grantContext = (request: IncomingRequest): GrantContext => ({
    authenticateClient,
    issueAccessToken: (grant) => issueAccessToken(grant, request),
    scopes: config.scopes,
    accessTokenTtl: config.accessTokenTtl,
  });

  function failure(error: unknown, request: IncomingRequest): PlainResponse {
    const rendered = toOAuthError(error);
    if (rendered.status >= 500) report(config, rendered.cause ?? rendered, request.toRequest());
    return renderError(rendered);
  }

  /** Tells `clientAuthenticationFailed` about an `invalid_client` answer, with the id presented. */
  function noteFailure(error: unknown, endpoint: ClientEndpoint, form: FormRequest | undefined, request: IncomingRequest): void {
    const hook = events.clientAuthenticationFailed;
    if (hook === undefined || form === undefined || !(error instanceof OAuthError) || error.code !== "invalid_client") return;
    emit(hook, () => ({ endpoint, clientId: presentedClientId(form), request: request.toRequest() }), reportError);
  }

  async function answerTokenRequest(request: IncomingRequest): Promise<PlainResponse> {
    let tokenRequest: TokenRequest | undefined;
    try {
      tokenRequest = await readTokenRequest(request, config.limits);
      checkRequestLimits(tokenRequest, config.limits);
      const grant = config.grants.get(tokenRequest.grantType);
      if (grant === undefined) {
        throw OAuthError.unsupportedGrantType("The grant type is not supported by this server.");
      }
      const grantRequest = tokenRequest;
      // The deadline covers everything that may wait on a dependency: limiter, repositories, signer.
      const body = await withDeadline(
        clientAuthenticationGuard.run(request.toRequest, grantRequest, () =>
          grant.respondToAccessTokenRequest(grantRequest, grantContext(request)),
        ),
        config.limits.tokenRequestTimeoutMs,
      );
      return jsonResponse(JSON.stringify(body), 200, noStoreHeaders);
    } catch (error) {
      noteFailure(error, "token", tokenRequest, request);
      return failure(error, request);
    }
  }

  const verifyOwnToken = createOwnTokenVerifier(config.issuer, async () => (started ?? (await starting)).keySet, config.now);
  const management: TokenManagementContext = { accessTokens: config.accessTokens, events, report: reportError };

  /**
   * Reads a form POST, authenticates the client, reads the required `token` and verifies it as
   * a token of this server, then lets `respond` answer (RFC 7009 §2.1, RFC 7662 §2.1).
   */
  async function answerClientRequest(
    request: IncomingRequest,
    endpoint: ClientEndpoint,
    respond: TokenManagementEndpoint,
  ): Promise<PlainResponse> {
    let form: FormRequest | undefined;
    try {
      const read = (form = await readFormRequest(request, config.limits));
      checkRequestLimits(read, config.limits);
      // The same lockout and deadline as at the token endpoint: client authentication is the same.
      return await withDeadline(
        clientAuthenticationGuard.run(request.toRequest, read, async () => {
          const { client } = await authenticateClient(read);
          const token = read.params.get("token");
          if (token === undefined) throw OAuthError.invalidRequest("The token parameter is missing.");
          return respond({ client, principal: await verifyOwnToken(token), request: request.toRequest }, management);
        }),
        config.limits.tokenRequestTimeoutMs,
      );
    } catch (error) {
      noteFailure(error, endpoint, form, request);
      return failure(error, request);
    }
  }

  function answerRevocationRequest(request: IncomingRequest): Promise<PlainResponse> {
    return answerClientRequest(request, "revocation", respondToRevocationRequest);
  }

  function answerIntrospectionRequest(request: IncomingRequest): Promise<PlainResponse> {
    return answerClientRequest(request, "introspection", respondToIntrospectionRequest);
  }

  /**
   * Answers GET and HEAD with a published document, cacheable for `cacheControl`, and a
   * conditional GET whose `If-None-Match` matches with 304 (RFC 9110 §13.1.2, §15.4.5).
   */
  async function answerWithDocument(
    request: IncomingRequest,
    pick: (state: StartedState) => PublishedDocument,
    contentType: string,
    cacheControl: string,
  ): Promise<PlainResponse> {
    if (request.method !== "GET" && request.method !== "HEAD") {
      return jsonResponse(readOnlyMethodBody, 405, readOnlyMethodHeaders);
    }
    let document: PublishedDocument;
    try {
      document = pick(await starting);
    } catch (error) {
      return failure(error, request);
    }
    const headers = { "cache-control": cacheControl, etag: document.etag };
    if (ifNoneMatchMatches(request.headers.get("if-none-match"), document.etag)) {
      return { status: 304, headers, body: null };
    }
    return {
      status: 200,
      headers: { ...headers, "content-type": contentType },
      body: request.method === "HEAD" ? null : document.json,
    };
  }

  function answerMetadataRequest(request: IncomingRequest): Promise<PlainResponse> {
    return answerWithDocument(request, (state) => state.metadata, "application/json", metadataCache);
  }

  function answerJwksRequest(request: IncomingRequest): Promise<PlainResponse> {
    return answerWithDocument(request, (state) => state.keySet.published, "application/jwk-set+json", jwksCache);
  }

  const keys: KeyManager = Object.freeze({
    jwks: async () => (await starting).keySet.published.jwks,
    list: async () => (await starting).keySet.list(),
    async add(key: SigningKeyInput) {
      const { keySet } = await starting;
      const imported = await importKeyForSet(key);
      await keySet.add(imported);
      return imported.kid;
    },
    activate: async (kid: string) => (await starting).keySet.activate(kid),
    retire: async (kid: string) => (await starting).keySet.retire(kid),
  });

  /** Routes a request to the endpoint at its path. */
  async function answer(request: IncomingRequest): Promise<PlainResponse> {
    switch (pathOf(request.url)) {
      case config.tokenEndpointPath:
        return answerTokenRequest(request);
      case config.revocationEndpointPath:
        return answerRevocationRequest(request);
      case config.introspectionEndpointPath:
        return answerIntrospectionRequest(request);
      case config.metadataPath:
        return answerMetadataRequest(request);
      case config.jwksPath:
        return answerJwksRequest(request);
      default:
        return jsonResponse(notFoundBody, 404, publicJsonHeaders);
    }
  }

  /** An endpoint on `Request` and `Response`: the server's public shape of each one. */
  const onFetch =
    (endpoint: (request: IncomingRequest) => Promise<PlainResponse>) =>
    async (request: Request): Promise<Response> =>
      toResponse(await endpoint(fromRequest(request)));

  const fetch = onFetch(answer);
  // The same routing on plain data, for adapters (see `plainHandlerKey`).
  Object.defineProperty(fetch, plainHandlerKey, {
    value: (request: PlainRequest): Promise<PlainResponse> => answer(fromPlainRequest(request)),
  });

  return Object.freeze({
    respondToTokenRequest: onFetch(answerTokenRequest),
    respondToRevocationRequest: onFetch(answerRevocationRequest),
    respondToIntrospectionRequest: onFetch(answerIntrospectionRequest),
    respondToMetadataRequest: onFetch(answerMetadataRequest),
    respondToJwksRequest: onFetch(answerJwksRequest),
    fetch,
    ready,
    keys,
    issuer: config.issuer,
    paths: Object.freeze({
      token: config.tokenEndpointPath,
      revocation: config.revocationEndpointPath,
      introspection: config.introspectionEndpointPath,
      metadata: config.metadataPath,
      jwks: config.jwksPath,
    }),
  });
}

/** The start-up work: import the keys once, serialise the documents once. */
async function start(config: ResolvedOptions): Promise<StartedState> {
  const active = await importSigningKey(config.signingKey);
  const others = await Promise.all(
    config.publishedKeys.map((key, index) => importKeyForSet(key, `publishedKeys[${index}]`)),
  );
  const scopes = await config.scopes?.listScopes?.();
  const metadataJson = JSON.stringify(buildMetadata(config, scopes));
  return {
    keySet: await KeySet.create(active, others),
    metadata: { json: metadataJson, etag: await entityTag(metadataJson) },
  };
}

/** A key to publish: with its private part when given one (so it can sign later), else public. */
function importKeyForSet(key: SigningKeyInput, name = "key"): Promise<SigningKey> {
  return isPublicJwk(key) ? importPublishedKey(key, name) : importSigningKey(key, name);
}

function isPublicJwk(key: SigningKeyInput): boolean {
  return typeof key === "object" && key !== null && "kty" in key && !("d" in key);
}

function report(config: ResolvedOptions, error: unknown, request: Request): void {
  try {
    config.onError(error, request);
  } catch {
    // A failing error hook must not turn one failed request into a crash.
  }
}

/** Settles once `defer` runs its task. */
function nextTurn(defer: Defer): Promise<void> {
  return new Promise((resolve) => defer(resolve));
}

/** The path of an absolute URL, without parsing the whole URL on the request path. */
function pathOf(url: string): string {
  const authority = url.indexOf("//");
  const start = url.indexOf("/", authority === -1 ? 0 : authority + 2);
  if (start === -1) return "/";
  let end = url.length;
  for (let i = start; i < url.length; i++) {
    const c = url.charCodeAt(i);
    if (c === 63 /* ? */ || c === 35 /* # */) {
      end = i;
      break;
    }
  }
  return url.slice(start, end);
}
