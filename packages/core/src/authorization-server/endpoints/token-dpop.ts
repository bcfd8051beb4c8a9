import { invalidDpopProof, useDpopNonce } from "../../protocol/dpop-errors.js";
import type { IncomingRequest } from "../../http/exchange.js";
import { invalidOption } from "../../lib/checks.js";
import type { Client } from "../../storage/clients.js";
import type { ReplayStore } from "../../storage/replay.js";
import { resolveDpopOptions, type DpopOptions } from "../../tokens/dpop-options.js";
import { DpopProofRefused, normaliseHtu, verifyDpopProof, type DpopAlgorithm, type DpopSettings } from "../../tokens/dpop-proof.js";

/** DPoP at the token endpoint (RFC 9449 §5): the `dpop` option, resolved. */
export interface TokenEndpointDpop extends DpopSettings {
  /** Every token request must carry a proof (the FAPI 2.0 profile: sender-constrained tokens only). */
  readonly required: boolean;
}

/** Resolves the authorization server's `dpop` option; under `fapi2` a proof is always required and RS256 refused. */
export function resolveTokenDpop(options: DpopOptions | undefined, replay: ReplayStore, now: () => number, fapi: boolean): TokenEndpointDpop {
  const allowed: readonly DpopAlgorithm[] = fapi ? ["ES256", "PS256", "EdDSA", "Ed25519"] : ["ES256", "PS256", "EdDSA", "Ed25519", "RS256"];
  if (options !== undefined && (typeof options !== "object" || options === null)) throw invalidOption("dpop", "expected an object");
  return Object.freeze({ ...resolveDpopOptions(options, replay, now, "dpop", allowed), required: fapi });
}

/**
 * The key a token request binds its token to (RFC 9449 §5, §6.1): the RFC 7638 thumbprint of a
 * valid proof's key, or `undefined` for a request without a `DPoP` header from a client that may
 * have bearer tokens. A proof is required from a client registered with `dpopBoundAccessTokens`
 * (§5.2) and from every client under the FAPI 2.0 profile. `htu` may name the URL the request
 * came to or the token endpoint's published URL (`tokenEndpoint`). Refuses with 400
 * `invalid_dpop_proof`, or `use_dpop_nonce` with a fresh `DPoP-Nonce`.
 */
export async function tokenBinding(
  request: IncomingRequest,
  client: Client,
  dpop: TokenEndpointDpop,
  tokenEndpoint: string,
): Promise<string | undefined> {
  const proof = request.headers.get("dpop");
  if (proof === null) {
    if (dpop.required || client.dpopBoundAccessTokens === true) throw invalidDpopProof("A DPoP proof is required for this client.");
    return undefined;
  }
  const urls = [normaliseHtu(request.url), normaliseHtu(tokenEndpoint)].filter((url) => url !== undefined);
  try {
    // Several DPoP fields arrive joined by ", ", which no compact JWS holds: refused as malformed.
    return (await verifyDpopProof(proof, { method: request.method, urls }, dpop)).jkt;
  } catch (error) {
    if (!(error instanceof DpopProofRefused)) throw error;
    if (error.reason === "nonce" && error.nonce !== undefined) throw useDpopNonce(error.message, error.nonce);
    throw invalidDpopProof(error.message);
  }
}
