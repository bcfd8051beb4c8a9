import { invalidOption } from "../lib/checks.js";
import { calculateJwkThumbprint, exportJWK, importJWK, importPKCS8, type JWK } from "jose";

/**
 * The access token signing key, in any of the forms a deployment holds it:
 * - a PKCS#8 PEM string (`-----BEGIN PRIVATE KEY-----`);
 * - a private JWK (with `d`);
 * - a `CryptoKeyPair`, or a private `CryptoKey` that is extractable (so its public half can be
 *   derived for the JWKS).
 */
export type SigningKeyInput = string | JWK | CryptoKey | CryptoKeyPair;

/** A public key as the JWKS publishes it (RFC 7517 §4): public members only. */
export interface PublicJwk {
  readonly kty: string;
  readonly kid: string;
  readonly alg: string;
  readonly use: "sig";
  readonly [member: string]: string;
}

/** A signing key imported once, at start-up, with everything the request path needs. */
export interface SigningKey {
  /** The JWS algorithm (RFC 7518 §3.1). */
  readonly alg: "RS256";
  /** The RFC 7638 JWK thumbprint (SHA-256) of the public key. */
  readonly kid: string;
  /** The private key, non-extractable. */
  readonly privateKey: CryptoKey;
  /** The WebCrypto algorithm for `crypto.subtle.sign`. */
  readonly signAlgorithm: AlgorithmIdentifier;
  /** The public key for the JWKS. */
  readonly publicJwk: PublicJwk;
}

const alg = "RS256";
/** RFC 7518 §3.3: "A key of size 2048 bits or larger MUST be used with these algorithms." */
const minimumModulusLength = 2048;

/**
 * Imports the signing key and derives its public JWK and `kid`. Throws a `TypeError` naming the
 * problem (never the key material) for a key Tessera cannot use.
 */
export async function importSigningKey(input: SigningKeyInput): Promise<SigningKey> {
  const { privateKey, publicKey } = await importKeyPair(input);
  checkRsaKey(privateKey); // again: a CryptoKeyPair is used as given
  const { kty, n, e } = publicKey;
  if (kty !== "RSA" || n === undefined || e === undefined) {
    throw invalidOption("signingKey", "expected an RSA key");
  }
  const kid = await calculateJwkThumbprint({ kty, n, e }, "sha256");
  return {
    alg,
    kid,
    privateKey,
    signAlgorithm: { name: "RSASSA-PKCS1-v1_5" },
    publicJwk: Object.freeze({ kty, n, e, kid, alg, use: "sig" }),
  };
}

async function importKeyPair(input: SigningKeyInput): Promise<{ privateKey: CryptoKey; publicKey: JWK }> {
  if (typeof input === "string") return importPem(input);
  if (isCryptoKeyPair(input)) {
    return { privateKey: input.privateKey, publicKey: await exportJWK(input.publicKey) };
  }
  if (isCryptoKey(input)) {
    if (input.type !== "private") throw invalidOption("signingKey", "expected a private key");
    if (!input.extractable) {
      throw invalidOption("signingKey", "a non-extractable CryptoKey cannot yield its public key; pass the CryptoKeyPair");
    }
    const jwk = await exportJWK(input);
    return { privateKey: await reimport(jwk), publicKey: jwk };
  }
  if (typeof input === "object" && input !== null && typeof input.kty === "string") {
    if (typeof input.d !== "string") throw invalidOption("signingKey", "the JWK has no private member d");
    return { privateKey: await reimport(input), publicKey: input };
  }
  throw invalidOption("signingKey", "expected a PKCS#8 PEM string, a private JWK or a CryptoKey");
}

async function importPem(pem: string): Promise<{ privateKey: CryptoKey; publicKey: JWK }> {
  if (pem.includes("-----BEGIN RSA PRIVATE KEY-----")) {
    throw invalidOption("signingKey", "PKCS#1 PEM is not supported; convert it with `openssl pkcs8 -topk8 -nocrypt`");
  }
  if (pem.includes("-----BEGIN ENCRYPTED PRIVATE KEY-----")) {
    throw invalidOption("signingKey", "encrypted PEM is not supported; decrypt it to PKCS#8 first");
  }
  if (!pem.includes("-----BEGIN PRIVATE KEY-----")) {
    throw invalidOption("signingKey", "expected a PKCS#8 PEM (-----BEGIN PRIVATE KEY-----)");
  }
  let extractable: CryptoKey;
  try {
    extractable = await importPKCS8(pem, alg, { extractable: true });
  } catch {
    // The underlying message may quote the input; say only what went wrong.
    throw invalidOption("signingKey", "the PEM is not a valid PKCS#8 RSA private key");
  }
  checkRsaKey(extractable);
  const jwk = await exportJWK(extractable);
  return { privateKey: await reimport(jwk), publicKey: jwk };
}

/** Imports a private JWK as a non-extractable signing key. */
async function reimport(jwk: JWK): Promise<CryptoKey> {
  let key: CryptoKey | Uint8Array;
  try {
    key = await importJWK({ ...jwk, ext: false }, alg, { extractable: false });
  } catch {
    throw invalidOption("signingKey", "the JWK is not a valid RSA private key");
  }
  if (!isCryptoKey(key)) throw invalidOption("signingKey", "expected an RSA private key");
  return key;
}

/** RS256 is RSASSA-PKCS1-v1_5 with SHA-256 (RFC 7518 §3.3), of at least 2048 bits. */
function checkRsaKey(key: CryptoKey): void {
  const algorithm = key.algorithm as Partial<RsaHashedKeyAlgorithm>;
  if (algorithm.name !== "RSASSA-PKCS1-v1_5" || algorithm.hash?.name !== "SHA-256") {
    throw invalidOption("signingKey", `expected an RSASSA-PKCS1-v1_5 SHA-256 key for ${alg}`);
  }
  if ((algorithm.modulusLength ?? 0) < minimumModulusLength) {
    throw invalidOption("signingKey", `RSA keys must be at least ${minimumModulusLength} bits (RFC 7518 §3.3)`);
  }
}

function isCryptoKey(value: unknown): value is CryptoKey {
  // By tag rather than instanceof, which fails for keys from another realm.
  return (value as { [Symbol.toStringTag]?: unknown } | null)?.[Symbol.toStringTag] === "CryptoKey";
}

function isCryptoKeyPair(value: unknown): value is CryptoKeyPair {
  return (
    typeof value === "object" &&
    value !== null &&
    isCryptoKey((value as CryptoKeyPair).privateKey) &&
    isCryptoKey((value as CryptoKeyPair).publicKey)
  );
}
