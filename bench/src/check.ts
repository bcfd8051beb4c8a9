/**
 * The correctness check every target passes before it is timed: its answer to the bench token
 * request carries an access token that verifies, with the run's public key, as a JWT for the
 * bench client. A target that answers fast with something else is not measured at all.
 */
import { createPublicKey } from "node:crypto";
import { jwtVerify, type JWTPayload, type ProtectedHeaderParameters } from "jose";
import { benchClient, issuer, tokenRequest, type Alg } from "./fixture.js";

/** What a target's tokens must show besides a good signature. */
export interface TokenExpectations {
  readonly alg: Alg;
  /** The `typ` header, when the target sets one (RFC 9068 §2.1: `at+jwt`). */
  readonly typ?: string;
  /** The claim naming the client: `client_id` (RFC 9068) or a peer's own. */
  readonly clientClaim: string;
  /** Whether `iss` and `aud` must be the bench issuer. */
  readonly issuerAndAudience: boolean;
  /** The client the token is for. @defaultValue the bench client */
  readonly clientId?: string;
  /** The response's `token_type`, compared in any case. @defaultValue `Bearer` */
  readonly tokenType?: string;
}

/** RFC 9068 tokens as Tessera, the floors and oidc-provider issue them. */
export const rfc9068 = (alg: Alg): TokenExpectations => ({ alg, typ: "at+jwt", clientClaim: "client_id", issuerAndAudience: true });

export interface VerifiedToken {
  readonly header: ProtectedHeaderParameters;
  readonly payload: JWTPayload;
}

/** Verifies a compact JWT against the public half of `privateKeyPem`; throws saying what is wrong. */
export async function verifyToken(token: unknown, privateKeyPem: string, expect: TokenExpectations): Promise<VerifiedToken> {
  if (typeof token !== "string") throw new Error("no access_token string in the response");
  const publicKey = createPublicKey(privateKeyPem);
  let verified: VerifiedToken;
  try {
    const { protectedHeader, payload } = await jwtVerify(token, publicKey, {
      algorithms: [expect.alg],
      ...(expect.typ === undefined ? {} : { typ: expect.typ }),
      ...(expect.issuerAndAudience ? { issuer, audience: issuer } : {}),
      requiredClaims: ["exp", "iat"],
    });
    verified = { header: protectedHeader, payload };
  } catch (error) {
    throw new Error(`the access token does not verify: ${error instanceof Error ? error.message : String(error)}`);
  }
  const clientId = expect.clientId ?? benchClient.clientId;
  if (verified.payload[expect.clientClaim] !== clientId) throw new Error(`the access token's ${expect.clientClaim} is not ${clientId}`);
  return verified;
}

/** Checks a token endpoint response body (RFC 6749 §5.1) and the token in it. */
export async function verifyTokenResponse(
  status: number,
  body: string,
  privateKeyPem: string,
  expect: TokenExpectations,
): Promise<VerifiedToken> {
  if (status !== 200) throw new Error(`the token request was answered ${status}: ${body.slice(0, 200)}`);
  let json: { access_token?: unknown; token_type?: unknown };
  try {
    json = JSON.parse(body) as typeof json;
  } catch {
    throw new Error("the token response is not JSON");
  }
  const tokenType = expect.tokenType ?? "Bearer";
  if (typeof json.token_type !== "string" || json.token_type.toLowerCase() !== tokenType.toLowerCase()) {
    throw new Error(`the token response is not token_type ${tokenType}`);
  }
  return verifyToken(json.access_token, privateKeyPem, expect);
}

/** Sends the bench token request to `url` and checks the answer. */
export async function checkHttpTarget(url: string, privateKeyPem: string, expect: TokenExpectations): Promise<VerifiedToken> {
  const response = await fetch(url, { method: tokenRequest.method, headers: tokenRequest.headers, body: tokenRequest.body });
  return verifyTokenResponse(response.status, await response.text(), privateKeyPem, expect);
}
