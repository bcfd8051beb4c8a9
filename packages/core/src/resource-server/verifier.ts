import { errors, jwtVerify, type JWTPayload, type JWTVerifyOptions } from "jose";
import { isAccessTokenType, maxAccessTokenLength } from "../tokens/access-token-format.js";
import { toPrincipal, type AccessTokenPrincipal } from "../tokens/principal.js";
import { createKeyResolver, type KeyResolver } from "./key-source.js";
import type { ResolvedResourceServerOptions } from "./options.js";
import { TokenRefused } from "./refusals.js";
import { createRevocationCheck } from "./revocation-check.js";

/** Claims RFC 9068 §2.2 requires (`iss` and `aud` are required by their own checks). */
const requiredClaims = ["exp", "iat", "jti", "client_id", "sub"];

/**
 * Verifies access tokens as RFC 9068 §4 and RFC 8725 ask, resolving with the principal. Rejects
 * with the failure as it is: a {@link TokenRefused}, one of jose's errors, a key source's
 * `KeysUnavailable` or a {@link DependencyFailed}; the resource server turns it into an OAuth error.
 */
export function createTokenVerifier(config: ResolvedResourceServerOptions): (token: string) => Promise<AccessTokenPrincipal> {
  const resolveKey = createKeyResolver(config);
  // RFC 9068 §4: the typ is checked before any key is looked up, so a token of another type
  // costs nothing and cannot make the server fetch the JWKS. jose checks it again afterwards.
  const getKey: KeyResolver = (header, token) => {
    if (!isAccessTokenType(header.typ)) throw new TokenRefused("type");
    return resolveKey(header, token);
  };
  const fixedOptions: Omit<JWTVerifyOptions, "currentDate"> = Object.freeze({
    algorithms: [...config.algorithms],
    issuer: config.issuer,
    audience: [...config.audience],
    typ: "at+jwt",
    clockTolerance: config.clockTolerance,
    requiredClaims,
  });

  async function verifySignedClaims(token: string): Promise<JWTPayload> {
    const options: JWTVerifyOptions = { ...fixedOptions, currentDate: new Date(config.now()) };
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

  const isRevoked = createRevocationCheck(config);

  return async (token) => {
    if (typeof token !== "string" || token.length === 0 || token.length > maxAccessTokenLength) {
      throw new TokenRefused("malformed");
    }
    const claims = await verifySignedClaims(token);
    // jose checks `iat` only against a maximum age; a token from the future is refused here.
    if ((claims.iat as number) > config.now() / 1000 + config.clockTolerance) throw new TokenRefused("issuedInFuture");
    const principal = toPrincipal(claims);
    if (principal === undefined) throw new TokenRefused("malformedClaim");
    if (await isRevoked(principal)) throw new TokenRefused("revoked");
    return principal;
  };
}
