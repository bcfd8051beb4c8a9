import { exportJWK, exportPKCS8, generateKeyPair, type JWK } from "jose";
import { invalidOption } from "../lib/checks.js";
import { pemLabelledRsaPss } from "../lib/pkcs8.js";
import { importSigningKey, signingAlgorithms, type PublishedJwk, type SigningAlgorithm } from "./keys.js";

/** A freshly generated signing key, exported for storage. Keep the private forms secret. */
export interface GeneratedSigningKey {
  readonly alg: SigningAlgorithm;
  /** The RFC 7638 thumbprint, the `kid` its tokens will carry. */
  readonly kid: string;
  /** The private key as PKCS#8 PEM: what `OAUTH_PRIVATE_KEY` and `signingKey` take. */
  readonly privateKeyPem: string;
  /** The private key as a JWK. */
  readonly privateJwk: JWK;
  /** The public key as the JWKS will publish it. */
  readonly publicJwk: PublishedJwk;
}

/**
 * Generates a signing key with WebCrypto: RSA-2048 for RS256 (the default) and for PS256 (its
 * PEM labelled RSA-PSS, as `openssl genpkey -algorithm RSA-PSS` writes it), P-256 for ES256,
 * Ed25519 for EdDSA. For key rotation, add it with `server.keys.add(key.privateKeyPem)`.
 *
 * @example
 * ```ts
 * const { privateKeyPem, kid } = await generateSigningKey("ES256");
 * ```
 */
export async function generateSigningKey(alg: SigningAlgorithm = "RS256"): Promise<GeneratedSigningKey> {
  if (!signingAlgorithms.includes(alg)) {
    throw invalidOption("alg", `expected one of ${signingAlgorithms.join(", ")}`);
  }
  const pair = await generateKeyPair(alg, { extractable: true, ...(alg === "RS256" || alg === "PS256" ? { modulusLength: 2048 } : {}) });
  const imported = await importSigningKey(pair, "alg");
  return Object.freeze({
    alg,
    kid: imported.kid,
    privateKeyPem: await exportedPem(pair.privateKey, alg),
    privateJwk: { ...(await exportJWK(pair.privateKey)), kid: imported.kid, alg, use: "sig" },
    publicJwk: imported.publicJwk,
  });
}


/** The PKCS#8 PEM of a private key; for PS256 labelled RSA-PSS, so that importing it gives PS256 again. */
async function exportedPem(privateKey: CryptoKey, alg: SigningAlgorithm): Promise<string> {
  const pem = await exportPKCS8(privateKey);
  return alg === "PS256" ? (pemLabelledRsaPss(pem) ?? pem) : pem;
}
