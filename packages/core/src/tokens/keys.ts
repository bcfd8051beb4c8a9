import { exportJWK, importJWK, type JWK } from "jose";
import { invalidOption } from "../lib/checks.js";
import { jwkThumbprint, thumbprintMembers, type PublicJwk } from "./jwk.js";
import { importPem, type ImportedPair } from "./pem-key.js";
import { signingAlgorithms, type SigningAlgorithm } from "./signing-algorithms.js";

export { signingAlgorithms, type SigningAlgorithm } from "./signing-algorithms.js";

/**
 * A signing key, in any of the forms a deployment holds it:
 * - a PKCS#8 PEM string (`-----BEGIN PRIVATE KEY-----`);
 * - a private JWK (with `d`);
 * - a `CryptoKeyPair`, or a private `CryptoKey` that is extractable (so its public half can be
 *   derived for the JWKS).
 *
 * The algorithm follows from the key: RSA (at least 2048 bits) signs RS256, an RSA-PSS key
 * (`openssl genpkey -algorithm RSA-PSS`, a JWK with `alg: "PS256"`, or a `CryptoKey` for RSA-PSS)
 * signs PS256, EC P-256 signs ES256, Ed25519 signs EdDSA.
 */
export type SigningKeyInput = string | JWK | CryptoKey | CryptoKeyPair;

/** A key as the server's JWKS publishes it (RFC 7517 §4): public members, `kid`, `alg`, `use`. */
export interface PublishedJwk extends PublicJwk {
  readonly kty: string;
  readonly kid: string;
  readonly alg: SigningAlgorithm;
  readonly use: "sig";
}

/** A key imported once, at start-up or when added, with everything the request path needs. */
export interface SigningKey {
  /** The JWS algorithm. */
  readonly alg: SigningAlgorithm;
  /** The RFC 7638 JWK thumbprint (SHA-256) of the public key. */
  readonly kid: string;
  /** The private key, non-extractable; absent for a key that is only published. */
  readonly privateKey: CryptoKey | undefined;
  /** The WebCrypto algorithm for `crypto.subtle.sign`. */
  readonly signAlgorithm: AlgorithmIdentifier | EcdsaParams;
  /** The public key for the JWKS. */
  readonly publicJwk: PublishedJwk;
}

interface AlgorithmProfile {
  /** The key type; its public members are `thumbprintMembers[kty]`. */
  readonly kty: keyof typeof thumbprintMembers;
  readonly signAlgorithm: AlgorithmIdentifier | EcdsaParams;
  /** Whether a CryptoKey's algorithm is the one this JWS algorithm needs. */
  readonly fits: (algorithm: KeyAlgorithm) => boolean;
  readonly problem: string;
}

/** RFC 7518 §3.3: "A key of size 2048 bits or larger MUST be used with these algorithms." */
const minimumModulusLength = 2048;

const profiles: Readonly<Record<SigningAlgorithm, AlgorithmProfile>> = {
  RS256: {
    kty: "RSA",
    signAlgorithm: { name: "RSASSA-PKCS1-v1_5" },
    fits: (algorithm) => {
      const rsa = algorithm as Partial<RsaHashedKeyAlgorithm>;
      return rsa.name === "RSASSA-PKCS1-v1_5" && rsa.hash?.name === "SHA-256";
    },
    problem: "expected an RSASSA-PKCS1-v1_5 SHA-256 key for RS256",
  },
  PS256: {
    kty: "RSA",
    // RFC 7518 §3.5: MGF1 with SHA-256, and a salt as long as the hash.
    signAlgorithm: { name: "RSA-PSS", saltLength: 32 } as AlgorithmIdentifier,
    fits: (algorithm) => {
      const rsa = algorithm as Partial<RsaHashedKeyAlgorithm>;
      return rsa.name === "RSA-PSS" && rsa.hash?.name === "SHA-256";
    },
    problem: "expected an RSA-PSS SHA-256 key for PS256",
  },
  ES256: {
    kty: "EC",
    // RFC 7518 §3.4: the JWS signature is r || s, which is what WebCrypto's ECDSA produces.
    signAlgorithm: { name: "ECDSA", hash: "SHA-256" },
    fits: (algorithm) => algorithm.name === "ECDSA" && (algorithm as EcKeyAlgorithm).namedCurve === "P-256",
    problem: "expected an ECDSA P-256 key for ES256",
  },
  EdDSA: {
    kty: "OKP",
    signAlgorithm: { name: "Ed25519" },
    fits: (algorithm) => algorithm.name === "Ed25519",
    problem: "expected an Ed25519 key for EdDSA",
  },
};

/** A published key, imported to check the signatures it made. */
export interface VerificationKey {
  readonly alg: SigningAlgorithm;
  readonly publicKey: CryptoKey;
  /** The WebCrypto algorithm for `crypto.subtle.verify`. */
  readonly verifyAlgorithm: AlgorithmIdentifier | EcdsaParams;
}

/** Imports a key of the server's own JWKS (already checked when it was added) for verification. */
export async function importVerificationKey(jwk: PublishedJwk): Promise<VerificationKey> {
  const publicKey = await importJWK(jwk as JWK, jwk.alg);
  if (!isCryptoKey(publicKey)) throw new TypeError("expected an asymmetric public key");
  return { alg: jwk.alg, publicKey, verifyAlgorithm: profiles[jwk.alg].signAlgorithm };
}

/**
 * Imports a signing key and derives its algorithm, public JWK and `kid`. Throws a `TypeError`
 * naming the problem (never quoting key material) for a key Tessera cannot use. `name` is the
 * option or argument the key came from, for the message.
 */
export async function importSigningKey(input: SigningKeyInput, name = "signingKey"): Promise<SigningKey> {
  const fail = (problem: string) => invalidOption(name, problem);
  const { privateKey, publicJwk, alg } = await importKeyPair(input, fail);
  checkFits(privateKey.algorithm, alg, fail);
  return describe(alg, publicJwk, await reimport(publicJwk, privateKey, alg, fail), fail);
}

/**
 * Imports a key that is only published, never used to sign: a public JWK, or any
 * {@link SigningKeyInput} whose private part is then dropped.
 */
export async function importPublishedKey(input: SigningKeyInput, name = "publishedKeys"): Promise<SigningKey> {
  const fail = (problem: string) => invalidOption(name, problem);
  if (isJwk(input) && input.d === undefined) {
    const alg = algorithmOfJwk(input, fail);
    await importJwk({ ...input, ext: true }, alg, fail, true); // checks that the key is sound
    return describe(alg, input, undefined, fail);
  }
  const { publicJwk, alg } = await importKeyPair(input, fail);
  return describe(alg, publicJwk, undefined, fail);
}

function describe(
  alg: SigningAlgorithm,
  jwk: JWK,
  privateKey: CryptoKey | undefined,
  fail: (problem: string) => TypeError,
): SigningKey {
  const profile = profiles[alg];
  const members: Record<string, string> = {};
  for (const member of thumbprintMembers[profile.kty]) {
    const value = jwk[member as keyof JWK];
    if (typeof value !== "string") throw fail(`the ${profile.kty} key has no ${member}`);
    members[member] = value;
  }
  const kid = jwkThumbprint(members);
  return Object.freeze({
    alg,
    kid,
    privateKey,
    signAlgorithm: profile.signAlgorithm,
    publicJwk: Object.freeze({ ...members, kid, alg, use: "sig" } as PublishedJwk),
  });
}


async function importKeyPair(input: SigningKeyInput, fail: (problem: string) => TypeError): Promise<ImportedPair> {
  if (typeof input === "string") return importPem(input, fail);
  if (isCryptoKeyPair(input)) {
    const alg = algorithmOfCryptoKey(input.privateKey, fail);
    return { privateKey: input.privateKey, publicJwk: await exportJWK(input.publicKey), alg };
  }
  if (isCryptoKey(input)) {
    if (input.type !== "private") throw fail("expected a private key");
    if (!input.extractable) {
      throw fail("a non-extractable CryptoKey cannot yield its public key; pass the CryptoKeyPair");
    }
    return { privateKey: input, publicJwk: await exportJWK(input), alg: algorithmOfCryptoKey(input, fail) };
  }
  if (isJwk(input)) {
    const alg = algorithmOfJwk(input, fail);
    if (typeof input.d !== "string") {
      throw fail("the JWK has no private member d: it is a public key; the signing key must be the private JWK");
    }
    return { privateKey: await importJwk(input, alg, fail, true), publicJwk: input, alg };
  }
  throw fail("expected a PKCS#8 PEM string, a private JWK or a CryptoKey");
}

/**
 * The key Tessera signs with: non-extractable, imported from the private JWK when the given key
 * can be exported, otherwise the given (non-extractable) key itself.
 */
async function reimport(
  publicJwk: JWK,
  privateKey: CryptoKey,
  alg: SigningAlgorithm,
  fail: (problem: string) => TypeError,
): Promise<CryptoKey> {
  if (!privateKey.extractable) return privateKey;
  const jwk = await exportJWK(privateKey);
  if (!sameKey(jwk, publicJwk, alg)) throw fail("the private and public keys do not belong together");
  return importJwk(jwk, alg, fail, false);
}

function sameKey(a: JWK, b: JWK, alg: SigningAlgorithm): boolean {
  return thumbprintMembers[profiles[alg].kty].every((member: string) => a[member as keyof JWK] === b[member as keyof JWK]);
}

async function importJwk(
  jwk: JWK,
  alg: SigningAlgorithm,
  fail: (problem: string) => TypeError,
  extractable: boolean,
): Promise<CryptoKey> {
  let key: CryptoKey | Uint8Array;
  try {
    key = await importJWK({ ...jwk, ext: extractable }, alg, { extractable });
  } catch {
    throw fail(`the JWK is not a valid ${profiles[alg].kty} key for ${alg}`);
  }
  if (!isCryptoKey(key)) throw fail("expected an asymmetric key");
  checkFits(key.algorithm, alg, fail);
  return key;
}

function algorithmOfCryptoKey(key: CryptoKey, fail: (problem: string) => TypeError): SigningAlgorithm {
  const alg = signingAlgorithms.find((candidate) => profiles[candidate].fits(key.algorithm));
  if (alg === undefined) {
    throw fail("expected an RSASSA-PKCS1-v1_5 SHA-256 (RS256), RSA-PSS SHA-256 (PS256), ECDSA P-256 (ES256) or Ed25519 (EdDSA) key");
  }
  return alg;
}

function algorithmOfJwk(jwk: JWK, fail: (problem: string) => TypeError): SigningAlgorithm {
  const alg = signingAlgorithms.find(
    (candidate) =>
      profiles[candidate].kty === jwk.kty &&
      // An RSA JWK is RS256 unless it says PS256.
      (candidate !== "RS256" || jwk.alg !== "PS256") &&
      (candidate !== "ES256" || jwk.crv === "P-256") &&
      (candidate !== "EdDSA" || jwk.crv === "Ed25519"),
  );
  if (alg === undefined) throw fail("expected an RSA, EC P-256 or Ed25519 (OKP) JWK");
  if (jwk.alg !== undefined && jwk.alg !== alg) throw fail(`the JWK says alg ${jwk.alg}, but its key is for ${alg}`);
  if (jwk.use !== undefined && jwk.use !== "sig") throw fail('the JWK is not for signatures (use is not "sig")');
  return alg;
}

function checkFits(algorithm: KeyAlgorithm, alg: SigningAlgorithm, fail: (problem: string) => TypeError): void {
  if (!profiles[alg].fits(algorithm)) throw fail(profiles[alg].problem);
  const modulusLength = (algorithm as Partial<RsaHashedKeyAlgorithm>).modulusLength;
  if ((alg === "RS256" || alg === "PS256") && (modulusLength ?? 0) < minimumModulusLength) {
    throw fail(`RSA keys must be at least ${minimumModulusLength} bits (RFC 7518 §3.3)`);
  }
}

function isJwk(value: unknown): value is JWK {
  return typeof value === "object" && value !== null && !isCryptoKey(value) && typeof (value as JWK).kty === "string";
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
