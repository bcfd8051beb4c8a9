import { exportJWK, importPKCS8, type JWK } from "jose";
import { pemRsaPssAsRsaEncryption } from "../lib/pkcs8.js";
import { signingAlgorithms, type SigningAlgorithm } from "./signing-algorithms.js";

/** A private key as given, its public JWK, and the algorithm it signs. */
export interface ImportedPair {
  readonly privateKey: CryptoKey;
  readonly publicJwk: JWK;
  readonly alg: SigningAlgorithm;
}

/**
 * Imports a PKCS#8 PEM private key, finding its algorithm by trying each: RSA as RS256, an RSA-PSS
 * key (labelled `id-RSASSA-PSS`) as PS256, EC P-256 as ES256, Ed25519 as EdDSA. Throws
 * `fail(problem)` for any other PEM, naming what it is and how to convert it, never its content.
 */
export async function importPem(pem: string, fail: (problem: string) => TypeError): Promise<ImportedPair> {
  if (pem.includes("-----BEGIN RSA PRIVATE KEY-----") || pem.includes("-----BEGIN EC PRIVATE KEY-----")) {
    throw fail("PKCS#1 and SEC 1 PEM are not supported; convert it with `openssl pkcs8 -topk8 -nocrypt`");
  }
  if (pem.includes("-----BEGIN ENCRYPTED PRIVATE KEY-----")) {
    throw fail(
      "an encrypted PEM (ENCRYPTED PRIVATE KEY) needs a passphrase, which Tessera does not take; " +
        "decrypt it to PKCS#8 with `openssl pkey -in encrypted.pem -out key.pem` and keep that file secret",
    );
  }
  if (/-----BEGIN (?:RSA |EC )?PUBLIC KEY-----/.test(pem)) {
    throw fail("this PEM is a public key; the signing key must be the private key (-----BEGIN PRIVATE KEY-----)");
  }
  if (pem.includes("-----BEGIN CERTIFICATE-----")) {
    throw fail("a certificate holds only a public key; give the private key (-----BEGIN PRIVATE KEY-----)");
  }
  if (!pem.includes("-----BEGIN PRIVATE KEY-----")) {
    throw fail("expected a PKCS#8 PEM (-----BEGIN PRIVATE KEY-----)");
  }
  // PKCS#8 names the key type inside; trying each algorithm is simpler than reading the DER.
  for (const alg of signingAlgorithms) {
    let key: CryptoKey;
    try {
      key = await importPKCS8(alg === "PS256" ? (pemRsaPssAsRsaEncryption(pem) ?? "") : pem, alg, { extractable: true });
    } catch {
      continue; // not this algorithm's key type; the message may quote the input, so drop it
    }
    return { privateKey: key, publicJwk: await exportJWK(key), alg };
  }
  throw fail("the PEM is not a valid PKCS#8 RSA, RSA-PSS (SHA-256), EC P-256 or Ed25519 private key");
}

