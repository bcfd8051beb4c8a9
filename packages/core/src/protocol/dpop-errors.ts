import { dpopChallenge } from "./challenges.js";
import { OAuthError } from "./errors.js";

/**
 * 400 `invalid_dpop_proof` at the token endpoint (RFC 9449 §5): the `DPoP` header is missing
 * where a proof is required, or the proof is invalid (RFC 9449 §4.3).
 */
export function invalidDpopProof(description: string): OAuthError {
  return new OAuthError("invalid_dpop_proof", description);
}

/**
 * 400 `use_dpop_nonce` at the token endpoint (RFC 9449 §8): the proof lacks the server's current
 * nonce, which the `DPoP-Nonce` header carries for the client's next proof.
 */
export function useDpopNonce(description: string, nonce: string): OAuthError {
  return new OAuthError("use_dpop_nonce", description, { headers: { "dpop-nonce": nonce } });
}

/** What a resource server's DPoP challenges name: its realm, the algorithms it accepts, a nonce to use. */
export interface DpopChallengeContext {
  readonly realm: string;
  readonly algs: readonly string[];
  readonly nonce?: string | undefined;
}

/**
 * An error at a protected resource for a request with the DPoP scheme (RFC 9449 §7.1): 401
 * `invalid_token`, `invalid_dpop_proof` or `use_dpop_nonce` (with a nonce, sent as `DPoP-Nonce`),
 * or 400 `invalid_request` for malformed credentials, in a `WWW-Authenticate: DPoP` challenge
 * naming the accepted `algs`.
 */
export function dpopResourceError(
  code: "invalid_request" | "invalid_token" | "invalid_dpop_proof" | "use_dpop_nonce",
  description: string,
  { realm, algs, nonce }: DpopChallengeContext,
  init: { cause?: unknown } = {},
): OAuthError {
  const value = dpopChallenge({ realm, error: code, error_description: description, algs: algs.join(" ") });
  return new OAuthError(code, description, {
    status: code === "invalid_request" ? 400 : 401,
    headers: nonce === undefined ? { "www-authenticate": value } : { "www-authenticate": value, "dpop-nonce": nonce },
    ...(init.cause === undefined ? {} : { cause: init.cause }),
  });
}
