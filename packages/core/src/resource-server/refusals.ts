import { errors } from "jose";

/**
 * Why a token is refused, each with its fixed description: all a client learns is which check
 * failed, never the token or a library message.
 */
export const refusals = {
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

export type Refusal = keyof typeof refusals;

/** A token check failed, for the reason named; turned into `invalid_token` at the end. */
export class TokenRefused extends Error {
  override readonly name = "TokenRefused";
  readonly reason: Refusal;
  constructor(reason: Refusal) {
    super(refusals[reason]);
    this.reason = reason;
  }
}

/** A dependency failed (the revocation check, the replay store); answered with 503. */
export class DependencyFailed extends Error {
  override readonly name = "DependencyFailed";
  /** Seconds to send as `Retry-After`, when the dependency said; else the resource server's own. */
  readonly retryAfter: number | undefined;
  constructor(message: string, options: { readonly cause: unknown; readonly retryAfter?: number | undefined }) {
    super(message, { cause: options.cause });
    this.retryAfter = options.retryAfter;
  }
}

/** The refusal a verification error stands for, or `undefined` when it is not the token's fault. */
export function refusalOf(error: unknown): Refusal | undefined {
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
