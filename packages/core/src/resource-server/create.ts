import { errors, jwtVerify, type JWTPayload, type JWTVerifyOptions } from "jose";
import { OAuthError } from "../protocol/errors.js";
import { invalidOption } from "../lib/checks.js";
import { isScopeToken } from "../protocol/scopes.js";
import { readBearerToken } from "./bearer-token.js";
import { createKeyResolver, KeysUnavailable, type KeyResolver } from "./key-source.js";
import { resolveResourceServerOptions, type ResourceServerOptions } from "./options.js";
import { toPrincipal, type AccessTokenPrincipal } from "../tokens/principal.js";

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
   * `exp`, `iat`, `jti`, `client_id`, `sub` present, and, with `accessTokens`, not revoked.
   * Resolves with the frozen principal.
   */
  verifyToken(token: string): Promise<AccessTokenPrincipal>;
  /**
   * Finds the request's bearer token (RFC 6750 §2: the `Authorization` header; the form body
   * and query only if enabled) and verifies it. Reads the body, if at all, from a clone.
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

/** Tokens longer than this are refused unread; RFC 9068 tokens are a few hundred bytes. */
const maxTokenLength = 16 * 1024;

/** Claims RFC 9068 §2.2 requires (`iss` and `aud` are required by their own checks). */
const requiredClaims = ["exp", "iat", "jti", "client_id", "sub"];

/**
 * Why a token is refused, each with its fixed description: all a client learns is which check
 * failed, never the token or a library message.
 */
const refusals = {
  malformed: "The access token is malformed.",
  algorithm: "The access token is signed with an algorithm this server does not accept.",
  type: "The token is not an access token (its typ must be at+jwt).",
  unknownKey: "The access token is signed with a key this server does not know.",
  signature: "The access token signature is invalid.",
  expired: "The access token expired.",
  notYetValid: "The access token is not valid yet.",
  issuedInFuture: "The access token was issued in the future.",
  issuer: "The access token was issued by another authorization server.",
  audience: "The access token is not meant for this resource server.",
  missingClaim: "The access token lacks a required claim.",
  malformedClaim: "The access token has a malformed claim.",
  revoked: "The access token was revoked.",
} as const;

type Refusal = keyof typeof refusals;

/** A token check failed, for the reason named; turned into `invalid_token` at the end. */
class TokenRefused extends Error {
  override readonly name = "TokenRefused";
  readonly reason: Refusal;
  constructor(reason: Refusal) {
    super(refusals[reason]);
    this.reason = reason;
  }
}

/** A dependency failed (the revocation store); answered with 503. */
class DependencyFailed extends Error {
  override readonly name = "DependencyFailed";
}

/**
 * `typ` of an RFC 9068 token: `at+jwt`, or `application/at+jwt`, in any letter case
 * (RFC 9068 §2.1, RFC 7515 §4.1.9).
 */
function isAccessTokenType(typ: unknown): boolean {
  if (typeof typ !== "string") return false;
  const type = typ.toLowerCase();
  return type === "at+jwt" || type === "application/at+jwt";
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
 *   keys: authorizationServer, // follows key rotation
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
  const resolveKey: KeyResolver = createKeyResolver(config);
  const retryAfter = Math.max(1, Math.ceil(config.jwksCooldown));

  // RFC 9068 §4: the typ is checked before any key is looked up, so a token of another type
  // costs nothing and cannot make the server fetch the JWKS. jose checks it again afterwards.
  const getKey: KeyResolver = (header, token) => {
    if (!isAccessTokenType(header.typ)) throw new TokenRefused("type");
    return resolveKey(header, token);
  };

  const baseOptions: Omit<JWTVerifyOptions, "currentDate"> = Object.freeze({
    algorithms: [...config.algorithms],
    issuer: config.issuer,
    audience: [...config.audience],
    typ: "at+jwt",
    clockTolerance: config.clockTolerance,
    requiredClaims,
  });

  /** jose's options for one verification: fixed ones, and the clock read now. */
  function verifyOptions(): JWTVerifyOptions {
    return { ...baseOptions, currentDate: new Date(config.now()) };
  }

  function report(error: unknown): void {
    try {
      config.onError(error);
    } catch {
      // A failing hook must not turn one refused request into a crash.
    }
  }

  /** The OAuth error for any failure of verification. */
  function failure(error: unknown): OAuthError {
    if (error instanceof OAuthError) return error;
    const reason = refusalOf(error);
    if (reason !== undefined) return OAuthError.invalidToken(refusals[reason], realm, { cause: error });
    report(error);
    if (error instanceof KeysUnavailable || error instanceof DependencyFailed) {
      return OAuthError.temporarilyUnavailable(
        "The resource server cannot verify access tokens right now.",
        retryAfter,
        error,
      );
    }
    return OAuthError.serverError(error);
  }

  async function verify(token: string): Promise<JWTPayload> {
    const options = verifyOptions();
    try {
      return (await jwtVerify(token, getKey, options)).payload;
    } catch (error) {
      // A token without `kid` that fits several keys: try each (jose's documented pattern).
      if (!(error instanceof errors.JWKSMultipleMatchingKeys)) throw error;
      for await (const key of error) {
        try {
          return (await jwtVerify(token, key, options)).payload;
        } catch (inner) {
          if (inner instanceof errors.JWSSignatureVerificationFailed) continue;
          throw inner;
        }
      }
      throw new errors.JWSSignatureVerificationFailed();
    }
  }

  async function verifyToken(token: string): Promise<AccessTokenPrincipal> {
    try {
      if (typeof token !== "string" || token.length === 0 || token.length > maxTokenLength) {
        throw new TokenRefused("malformed");
      }
      const claims = await verify(token);
      // jose checks `iat` only against a maximum age; a token from the future is refused here.
      if ((claims.iat as number) > config.now() / 1000 + config.clockTolerance) {
        throw new TokenRefused("issuedInFuture");
      }
      const principal = toPrincipal(claims);
      if (principal === undefined) throw new TokenRefused("malformedClaim");
      if (config.accessTokens !== undefined) {
        let revoked: boolean;
        try {
          revoked = await config.accessTokens.isAccessTokenRevoked(principal.jti);
        } catch (cause) {
          throw new DependencyFailed("the revocation store failed", { cause });
        }
        if (revoked) throw new TokenRefused("revoked");
      }
      return principal;
    } catch (error) {
      throw failure(error);
    }
  }

  async function verifyRequest(request: Request): Promise<AccessTokenPrincipal> {
    let token: string;
    try {
      token = await readBearerToken(request, config);
    } catch (error) {
      throw failure(error);
    }
    return verifyToken(token);
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
    verifyToken,
    verifyRequest,
    requireScopes,
    authorize,
    issuer: config.issuer,
    audience: config.audience,
    realm,
  });
}

/** Throws a `TypeError` unless `scopes` is an array of scope tokens (RFC 6749 §3.3). */
function checkScopes(scopes: readonly string[]): void {
  if (!Array.isArray(scopes) || !scopes.every((scope) => typeof scope === "string" && isScopeToken(scope))) {
    throw invalidOption("scopes", "expected an array of scope tokens (RFC 6749 §3.3)");
  }
}

/** The refusal a verification error stands for, or `undefined` when it is not the token's fault. */
function refusalOf(error: unknown): Refusal | undefined {
  if (error instanceof TokenRefused) return error.reason;
  if (error instanceof errors.JWTExpired) return "expired";
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.reason === "missing") return "missingClaim";
    if (error.reason === "invalid") return "malformedClaim";
    switch (error.claim) {
      case "typ":
        return "type";
      case "iss":
        return "issuer";
      case "aud":
        return "audience";
      case "nbf":
        return "notYetValid";
      case "iat":
        return "issuedInFuture";
      default:
        return "malformedClaim";
    }
  }
  if (error instanceof errors.JOSEAlgNotAllowed || error instanceof errors.JOSENotSupported) return "algorithm";
  if (error instanceof errors.JWKSNoMatchingKey) return "unknownKey";
  if (error instanceof errors.JWSSignatureVerificationFailed) return "signature";
  if (error instanceof errors.JWSInvalid || error instanceof errors.JWTInvalid) return "malformed";
  return undefined;
}
