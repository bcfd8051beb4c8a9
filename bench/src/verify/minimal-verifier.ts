/**
 * The verifier floor: the least a protected endpoint can do to check an RFC 9068 access token
 * as Tessera's resource server does, with jose's `jwtVerify` and the run's public key imported
 * once: the `Bearer` scheme, `typ` `at+jwt`, the algorithm, the signature, `iss`, `aud`, `exp`,
 * `nbf` and `iat` within 30 s of clock tolerance (and `iat` not in the future), the claims `exp`,
 * `iat`, `jti`, `client_id`, `sub` present, and, when the group checks revocation, the `jti` not
 * in the revocation set. It answers the principal as every verifier target does. No routing, no
 * options: a ceiling, not a product. Served on `node:http` (servers/verifiers.ts) and as a fetch
 * handler on Bun and Deno (servers/fetch-handlers.ts).
 */
import { importJWK, jwtVerify, type JWTVerifyOptions } from "jose";
import { issuer, principalBody, type Alg } from "../fixture.js";
import { publicJwkOf } from "./public-key.js";

const clockTolerance = 30;

/** The answer to one request, as both servers write it. */
export interface VerifierAnswer {
  readonly status: number;
  readonly body: string;
  readonly challenge?: string;
}

const missing: VerifierAnswer = { status: 401, body: "", challenge: `Bearer realm="${issuer}"` };
const invalid: VerifierAnswer = {
  status: 401,
  body: JSON.stringify({ error: "invalid_token" }),
  challenge: `Bearer realm="${issuer}", error="invalid_token"`,
};

/** The floor's decision for an `Authorization` header value. */
export async function minimalVerifier(
  alg: Alg,
  privateKeyPem: string,
  revoked: ReadonlySet<string> | undefined,
): Promise<(authorization: string | null | undefined) => Promise<VerifierAnswer>> {
  const key = await importJWK(await publicJwkOf(alg, privateKeyPem), alg);
  const options: JWTVerifyOptions = {
    algorithms: [alg],
    issuer,
    audience: issuer,
    typ: "at+jwt",
    clockTolerance,
    requiredClaims: ["exp", "iat", "jti", "client_id", "sub"],
  };
  return async (authorization) => {
    if (typeof authorization !== "string" || !authorization.startsWith("Bearer ")) return missing;
    try {
      const { payload } = await jwtVerify(authorization.slice(7), key, options);
      if ((payload.iat as number) > Date.now() / 1000 + clockTolerance) return invalid;
      if (revoked?.has(payload.jti as string) === true) return invalid;
      return { status: 200, body: JSON.stringify(principalBody(payload)) };
    } catch {
      return invalid;
    }
  };
}
