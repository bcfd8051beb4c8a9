import { calculateJwkThumbprint, exportJWK, exportPKCS8 } from "jose";

/** A signing key as a deployment holds it: a PKCS#8 PEM, plus what a test checks tokens against. */
export interface TestKey {
  /** The private key, PKCS#8 PEM, for `OAUTH_PRIVATE_KEY` or the file `OAUTH_PRIVATE_KEY_FILE` names. */
  readonly pem: string;
  /** The RFC 7638 thumbprint (SHA-256) of the public key: the `kid` the server must use. */
  readonly kid: string;
  /** The public key, to verify tokens with. */
  readonly publicKey: CryptoKey;
}

/**
 * A fresh RS256 key as a PKCS#8 PEM. `modulusLength` below 2048 makes a key the server must
 * refuse (RFC 7518 §3.3), which is why this calls WebCrypto directly: jose will not make one.
 */
export async function generateTestKey(modulusLength = 2048): Promise<TestKey> {
  const { privateKey, publicKey } = await crypto.subtle.generateKey(
    { name: "RSASSA-PKCS1-v1_5", modulusLength, publicExponent: new Uint8Array([1, 0, 1]), hash: "SHA-256" },
    true,
    ["sign", "verify"],
  );
  return {
    pem: await exportPKCS8(privateKey),
    kid: await calculateJwkThumbprint(await exportJWK(publicKey), "sha256"),
    publicKey,
  };
}
