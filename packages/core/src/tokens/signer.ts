import { encodeBase64Url } from "../lib/base64.js";
import { randomBytes } from "../lib/random.js";
import { utf8Encoder } from "../lib/utf8.js";
import type { SigningKey } from "./keys.js";

/** The claims of an RFC 9068 access token issued by Tessera. Times are seconds since the epoch. */
export interface AccessTokenClaims {
  readonly iss: string;
  readonly sub: string;
  readonly aud: string | readonly string[];
  readonly exp: number;
  readonly iat: number;
  readonly jti: string;
  readonly client_id: string;
  readonly scope: string;
  /** The key the token is bound to: the RFC 7638 thumbprint of a DPoP key (RFC 9449 §6.1). */
  readonly cnf?: { readonly jkt: string };
}

/** Signs access tokens as compact JWS with one key. */
export interface AccessTokenSigner {
  /** The `kid` of the key it signs with. */
  readonly kid: string;
  /** Signs `claims`, followed by `extra` claims (already checked not to override any). */
  sign(claims: AccessTokenClaims, extra?: Readonly<Record<string, unknown>>): Promise<string>;
}

/**
 * Creates the signer for RFC 9068 access tokens. The protected header — `alg`, `typ: at+jwt`
 * (RFC 9068 §2.1, so a token cannot pass for an ID token or another JWT type, RFC 8725 §3.11)
 * and `kid` — is the same for every token, so it is encoded once here; each token then costs one
 * JSON serialisation, one base64url pass and one WebCrypto signature.
 */
export function createAccessTokenSigner(key: SigningKey): AccessTokenSigner {
  const { privateKey, signAlgorithm } = key;
  if (privateKey === undefined) throw new TypeError(`key ${key.kid} has no private part to sign with`);
  const header = encodeBase64Url(JSON.stringify({ alg: key.alg, typ: "at+jwt", kid: key.kid }));
  return {
    kid: key.kid,
    async sign(claims, extra) {
      const payload = JSON.stringify(extra === undefined ? claims : { ...claims, ...extra });
      const signingInput = `${header}.${encodeBase64Url(payload)}`;
      const signature = await crypto.subtle.sign(signAlgorithm, privateKey, utf8Encoder.encode(signingInput));
      return `${signingInput}.${encodeBase64Url(new Uint8Array(signature))}`;
    },
  };
}

/** A fresh `jti`: 128 bits from the platform CSPRNG, base64url (RFC 9068 §2.2, RFC 7519 §4.1.7). */
export function generateTokenId(): string {
  return encodeBase64Url(randomBytes(16));
}
