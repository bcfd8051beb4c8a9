import { exportJWK, exportPKCS8, generateKeyPair, type JWK } from "jose";
import { decodeBase64 } from "../lib/base64.js";
import { invalidOption } from "../lib/checks.js";
import { labelAsRsaPssKey } from "../lib/pkcs8.js";
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
    privateKeyPem: alg === "PS256" ? labelledRsaPss(await exportPKCS8(pair.privateKey)) : await exportPKCS8(pair.privateKey),
    privateJwk: { ...(await exportJWK(pair.privateKey)), kid: imported.kid, alg, use: "sig" },
    publicJwk: imported.publicJwk,
  });
}

/** A PKCS#8 PEM of an RSA key labelled `id-RSASSA-PSS`, so that importing it gives PS256 again. */
function labelledRsaPss(pem: string): string {
  const der = decodeBase64(pem.replace(/-----(BEGIN|END) PRIVATE KEY-----|\s/g, ""));
  const labelled = der === undefined ? undefined : labelAsRsaPssKey(der);
  if (labelled === undefined) return pem; // already labelled RSA-PSS by the platform
  let binary = "";
  for (const byte of labelled) binary += String.fromCharCode(byte);
  const lines = btoa(binary).match(/.{1,64}/g) ?? [];
  return `-----BEGIN PRIVATE KEY-----\n${lines.join("\n")}\n-----END PRIVATE KEY-----\n`;
}
