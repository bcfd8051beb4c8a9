import { dpopResourceError } from "../protocol/dpop-errors.js";
import { OAuthError } from "../protocol/errors.js";
import { DpopProofRefused, normaliseHtu, verifyDpopProof, type DpopSettings } from "../tokens/dpop-proof.js";
import type { AccessTokenPrincipal } from "../tokens/principal.js";
import { DependencyFailed } from "./refusals.js";

/** An access token as a request presents it, and by which scheme. */
export interface PresentedAccessToken {
  readonly token: string;
  readonly scheme: "Bearer" | "DPoP";
  /** The `DPoP` header's proof, for the DPoP scheme. */
  readonly proof?: string;
}

/** RFC 9449 §7.1: `DPoP` and one token68 (the b64token of RFC 6750 §2.1); the scheme in any case. */
const dpopCredentials = /^DPoP +([A-Za-z0-9\-._~+/]+=*)$/i;

/** Whether an `Authorization` value uses the DPoP scheme. */
export function isDpopScheme(authorization: string | null): boolean {
  return authorization !== null && /^dpop(?:[ \t]|$)/i.test(authorization);
}

/**
 * The token and proof of a request with `Authorization: DPoP <token>` (RFC 9449 §7.1). Exactly
 * one `DPoP` header (§4.3, item 1): several arrive joined by ", ", which no compact JWS holds.
 * Throws 400 `invalid_request` for malformed credentials and 401 `invalid_dpop_proof` without a
 * proof, each in a `DPoP` challenge.
 */
export function readDpopCredentials(request: Request, challenge: DpopChallenge): PresentedAccessToken {
  const match = dpopCredentials.exec(request.headers.get("authorization") ?? "");
  if (match === null) {
    throw dpopResourceError("invalid_request", "The Authorization header is not a well-formed DPoP token.", challenge);
  }
  const proof = request.headers.get("dpop");
  if (proof === null) throw dpopResourceError("invalid_dpop_proof", "The request carries no DPoP proof.", challenge);
  return { token: match[1] as string, scheme: "DPoP", proof };
}

/** What a resource server's DPoP challenges name. */
export interface DpopChallenge {
  readonly realm: string;
  readonly algs: readonly string[];
}

/**
 * Holds a verified token to its binding (RFC 9449 §7): a token bound to a key (`cnf.jkt`) is
 * refused as a bearer token (§7.2, `invalid_token` in a Bearer challenge); with the DPoP scheme
 * the token must be bound, and the proof must verify (§4.3) for this request's method and URL,
 * carry `ath` for this token, and be made with the bound key. Without DPoP settings (`dpop:
 * false`), every bound token is refused.
 */
export async function checkBinding(
  request: Request,
  presented: PresentedAccessToken,
  principal: AccessTokenPrincipal,
  settings: DpopSettings | undefined,
  realm: string,
  publicOrigin: string | undefined,
): Promise<void> {
  const cnf = principal.claims.cnf as { jkt?: unknown } | undefined;
  const jkt = typeof cnf?.jkt === "string" ? cnf.jkt : undefined;
  if (presented.scheme === "Bearer") {
    if (cnf !== undefined) {
      throw OAuthError.invalidToken("The access token is bound to a DPoP key; send it with the DPoP scheme and a proof.", realm);
    }
    return;
  }
  const challenge = { realm, algs: settings?.algorithms ?? [] };
  if (jkt === undefined || settings === undefined) {
    throw dpopResourceError("invalid_token", "The access token is not bound to a DPoP key.", challenge);
  }
  try {
    await verifyDpopProof(
      presented.proof ?? "",
      { method: request.method, urls: requestUrls(request, publicOrigin), accessToken: presented.token, boundTo: jkt },
      settings,
    );
  } catch (error) {
    if (!(error instanceof DpopProofRefused)) throw new DependencyFailed("the replay store failed", { cause: error });
    if (error.reason === "boundToAnotherKey") throw dpopResourceError("invalid_token", error.message, challenge);
    if (error.reason === "nonce") throw dpopResourceError("use_dpop_nonce", error.message, { ...challenge, nonce: error.nonce });
    throw dpopResourceError("invalid_dpop_proof", error.message, challenge);
  }
}

/** The URLs a proof's `htu` may name: the request's as it arrived, and its path on `publicOrigin`. */
function requestUrls(request: Request, publicOrigin: string | undefined): string[] {
  const arrived = normaliseHtu(request.url);
  if (arrived === undefined) return [];
  if (publicOrigin === undefined) return [arrived];
  const pathname = arrived.slice(arrived.indexOf("/", arrived.indexOf("//") + 2));
  return [arrived, publicOrigin + pathname];
}
