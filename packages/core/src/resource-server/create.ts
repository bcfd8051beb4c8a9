import { dpopResourceError } from "../protocol/dpop-errors.js";
import { OAuthError } from "../protocol/errors.js";
import { checkScopes } from "../protocol/scopes.js";
import type { AccessTokenPrincipal } from "../tokens/principal.js";
import { readBearerToken } from "./bearer-token.js";
import { checkBinding, isDpopScheme, readDpopCredentials, type PresentedAccessToken } from "./dpop.js";
import { KeysUnavailable } from "./key-source.js";
import { resolveResourceServerOptions, type ResolvedResourceServerOptions, type ResourceServerOptions } from "./options.js";
import { DependencyFailed, refusalOf, refusals } from "./refusals.js";
import { createTokenVerifier } from "./verifier.js";

/**
 * A resource server: verifies the bearer access tokens (RFC 6750) that an authorization server
 * issued as RFC 9068 JWTs, and checks their scopes. Every method is bound.
 *
 * Every failure rejects with an {@link OAuthError} ready to be sent with `toResponse()`:
 * - no token at all: 401 with only `WWW-Authenticate: Bearer realm="…"`
 *   ({@link OAuthError.challengeOnly}, RFC 6750 §3.1);
 * - a malformed request (token malformed, repeated or sent more than one way): 400
 *   `invalid_request`;
 * - a token that does not verify: 401 `invalid_token`;
 * - a token without a required scope: 403 `insufficient_scope`, naming the scopes;
 * - the keys cannot be had (the issuer's metadata or JWKS out of reach) or the revocation store
 *   failed: 503 `temporarily_unavailable` with `Retry-After`, reported to `onError`;
 * - anything unexpected: a bare 500 `server_error`, reported to `onError`.
 *
 * Each error carries the RFC 6750 §3 challenge with the configured realm and a fixed
 * description; no token or library message ever reaches a response.
 */
export interface ResourceServer {
  /**
   * Verifies an access token (RFC 9068 §4, RFC 8725): `typ` `at+jwt`, an accepted asymmetric
   * `alg`, the signature with a key of the issuer, `iss` exactly the issuer, an `aud` that
   * includes this server, `exp` (required), `nbf` and `iat` within `clockTolerance`, the claims
   * `exp`, `iat`, `jti`, `client_id`, `sub` present, and, with `revocations`, not revoked.
   * Resolves with the frozen principal. A token alone cannot show a DPoP proof: a DPoP-bound
   * token (`claims.cnf`) verifies here, and only {@link ResourceServer.verifyRequest} holds it to
   * its key.
   */
  verifyToken(token: string): Promise<AccessTokenPrincipal>;
  /**
   * Finds the request's access token and verifies it: a bearer token (RFC 6750 §2: the
   * `Authorization` header; the form body and query only if enabled), or a DPoP-bound token
   * (`Authorization: DPoP`, RFC 9449 §7.1) with its proof in the `DPoP` header, checked for this
   * request's method and URL and the token's key. A token bound to a key (`cnf.jkt`) is refused
   * as a bearer token (§7.2). Reads the body, if at all, from a clone.
   */
  verifyRequest(request: Request): Promise<AccessTokenPrincipal>;
  /**
   * Throws 403 `insufficient_scope` unless the principal has every one of `scopes`. The
   * challenge's `scope` lists all of them (RFC 6750 §3). Throws a `TypeError` for scopes that
   * are not scope tokens (RFC 6749 §3.3): a programming mistake.
   */
  requireScopes(principal: AccessTokenPrincipal, scopes: readonly string[]): void;
  /**
   * {@link ResourceServer.verifyRequest}, then {@link ResourceServer.requireScopes} with
   * `requiredScopes` (none by default).
   */
  authorize(request: Request, requiredScopes?: readonly string[]): Promise<AccessTokenPrincipal>;
  /** The issuer whose tokens are accepted. */
  readonly issuer: string;
  /** This resource server's identifiers, one of which a token's `aud` must include. */
  readonly audience: readonly string[];
  /** The realm of every challenge. */
  readonly realm: string;
}

/**
 * Creates a resource server. Options are checked here: a mistake throws a `TypeError` naming
 * the option. Nothing is fetched until the first token is verified.
 *
 * @example In the same process as the authorization server
 * ```ts
 * const resourceServer = createResourceServer({
 *   issuer: authorizationServer.issuer,
 *   audience: "https://api.example.com",
 *   keys: authorizationServer.keys, // follows key rotation
 * });
 * ```
 *
 * @example Anywhere else: keys through the issuer's metadata
 * ```ts
 * const resourceServer = createResourceServer({
 *   issuer: "https://auth.example.com",
 *   audience: "https://api.example.com",
 * });
 * export default {
 *   async fetch(request: Request) {
 *     try {
 *       const principal = await resourceServer.authorize(request, ["invoices:read"]);
 *       return Response.json({ hello: principal.clientId });
 *     } catch (error) {
 *       if (error instanceof OAuthError) return error.toResponse();
 *       throw error;
 *     }
 *   },
 * };
 * ```
 */
export function createResourceServer(options: ResourceServerOptions): ResourceServer {
  const config = resolveResourceServerOptions(options);
  const { realm } = config;
  const verify = createTokenVerifier(config);
  const failure = failureOf(config);
  const dpopChallenge = { realm, algs: config.dpop?.algorithms ?? [] };

  async function verifyToken(token: string, request?: Request, scheme?: "Bearer" | "DPoP"): Promise<AccessTokenPrincipal> {
    try {
      return await verify(token);
    } catch (error) {
      throw failure(error, request, scheme);
    }
  }

  async function verifyRequest(request: Request): Promise<AccessTokenPrincipal> {
    let presented: PresentedAccessToken;
    try {
      presented =
        config.dpop !== undefined && isDpopScheme(request.headers.get("authorization"))
          ? readDpopCredentials(request, dpopChallenge)
          : { token: await readBearerToken(request, config), scheme: "Bearer" };
    } catch (error) {
      throw failure(error, request);
    }
    const principal = await verifyToken(presented.token, request, presented.scheme);
    try {
      await checkBinding(request, presented, principal, config.dpop, realm, config.publicOrigin);
    } catch (error) {
      throw failure(error, request, presented.scheme);
    }
    return principal;
  }

  function requireScopes(principal: AccessTokenPrincipal, scopes: readonly string[]): void {
    checkScopes(scopes);
    if (!scopes.every((scope) => principal.scopes.includes(scope))) {
      throw OAuthError.insufficientScope("The access token lacks a scope this resource requires.", realm, scopes);
    }
  }

  async function authorize(request: Request, requiredScopes: readonly string[] = []): Promise<AccessTokenPrincipal> {
    checkScopes(requiredScopes);
    const principal = await verifyRequest(request);
    requireScopes(principal, requiredScopes);
    return principal;
  }

  return Object.freeze({
    verifyToken: (token: string) => verifyToken(token),
    verifyRequest,
    requireScopes,
    authorize,
    issuer: config.issuer,
    audience: config.audience,
    realm,
  });
}


/**
 * The OAuth error of any failure of verification, in the challenge of the scheme the token came
 * with; a failure on the server's side is reported to `onError` and answered 503 (waiting what a
 * failed revocation check says, else until the keys may be fetched again) or 500.
 */
function failureOf(config: ResolvedResourceServerOptions) {
  const { realm } = config;
  const retryAfter = Math.max(1, Math.ceil(config.jwksCooldown));
  const dpopChallenge = { realm, algs: config.dpop?.algorithms ?? [] };
  return (error: unknown, request: Request | undefined, scheme: "Bearer" | "DPoP" = "Bearer"): OAuthError => {
    if (error instanceof OAuthError) return error;
    const reason = refusalOf(error);
    if (reason !== undefined && scheme === "DPoP") {
      return dpopResourceError("invalid_token", refusals[reason], dpopChallenge, { cause: error });
    }
    if (reason !== undefined) return OAuthError.invalidToken(refusals[reason], realm, { cause: error });
    config.onError(error, request);
    if (error instanceof KeysUnavailable || error instanceof DependencyFailed) {
      const wait = error instanceof DependencyFailed ? (error.retryAfter ?? retryAfter) : retryAfter;
      return OAuthError.temporarilyUnavailable("The resource server cannot verify access tokens right now.", wait, error);
    }
    return OAuthError.serverError(error);
  };
}
