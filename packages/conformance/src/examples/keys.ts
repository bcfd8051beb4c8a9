import type { SigningAlgorithm } from "@tessera/core";
import { calculateJwkThumbprint, exportJWK, exportPKCS8, generateKeyPair, SignJWT } from "jose";

/** A signing key as a deployment holds it: a PKCS#8 PEM, plus what a test checks tokens against. */
export interface TestKey {
  /** The algorithm the key's type picks: RSA signs RS256, EC P-256 ES256, Ed25519 EdDSA. */
  readonly alg: SigningAlgorithm;
  /** The private key, PKCS#8 PEM, for `OAUTH_PRIVATE_KEY` or the file `OAUTH_PRIVATE_KEY_FILE` names. */
  readonly pem: string;
  /** The RFC 7638 thumbprint (SHA-256) of the public key: the `kid` the server must use. */
  readonly kid: string;
  /** The public key, to verify tokens with. */
  readonly publicKey: CryptoKey;
  /** The private key, to sign tokens with as the server would: see {@link signAccessToken}. */
  readonly privateKey: CryptoKey;
}

/**
 * A fresh key for `alg` (RSA-2048 for RS256, P-256 for ES256, Ed25519 for EdDSA) as a PKCS#8
 * PEM. A `modulusLength` below 2048 makes an RSA key the server must refuse (RFC 7518 §3.3),
 * which WebCrypto makes directly: jose will not.
 */
export async function generateTestKey(
  alg: SigningAlgorithm = "RS256",
  { modulusLength = 2048 }: { readonly modulusLength?: number } = {},
): Promise<TestKey> {
  const { privateKey, publicKey } =
    alg === "RS256" && modulusLength < 2048
      ? await crypto.subtle.generateKey(
          { name: "RSASSA-PKCS1-v1_5", modulusLength, publicExponent: new Uint8Array([1, 0, 1]), hash: "SHA-256" },
          true,
          ["sign", "verify"],
        )
      : await generateKeyPair(alg, { extractable: true, ...(alg === "RS256" ? { modulusLength } : {}) });
  return {
    alg,
    pem: await exportPKCS8(privateKey),
    kid: await calculateJwkThumbprint(await exportJWK(publicKey), "sha256"),
    publicKey,
    privateKey,
  };
}

/** The claims of {@link signAccessToken}; the rest (`sub`, `iat`, `exp`, `jti`) follow from them. */
export interface TestAccessTokenClaims {
  readonly iss: string;
  readonly aud: string;
  readonly client_id: string;
  readonly scope: string;
  /** Seconds from now until it expires; negative for a token that has expired. @defaultValue 300 */
  readonly expiresIn?: number;
}

/**
 * Signs an RFC 9068 access token with `key`, the way the server does: header `{ alg, typ:
 * "at+jwt", kid }`; claims `iss`, `sub` (the client), `aud`, `exp`, `iat`, `jti`, `client_id`,
 * `scope`. For tokens the server did not issue itself: one from a key it has rotated out, or one
 * for another audience.
 */
export function signAccessToken(key: TestKey, { iss, aud, client_id, scope, expiresIn = 300 }: TestAccessTokenClaims): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ client_id, scope })
    .setProtectedHeader({ alg: key.alg, typ: "at+jwt", kid: key.kid })
    .setIssuer(iss)
    .setSubject(client_id)
    .setAudience(aud)
    .setIssuedAt(Math.min(now, now + expiresIn - 1)) // an expired token was issued before it expired
    .setExpirationTime(now + expiresIn)
    .setJti(crypto.randomUUID())
    .sign(key.privateKey);
}
