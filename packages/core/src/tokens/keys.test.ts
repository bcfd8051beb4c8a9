import { calculateJwkThumbprint, exportJWK, exportPKCS8, generateKeyPair } from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import { generateSigningKey } from "./generate-key.js";
import { importPublishedKey, importSigningKey } from "./keys.js";
import { generateTestSigningKey } from "../testing.js";

let pair: CryptoKeyPair;
let thumbprint: string;
beforeAll(async () => {
  pair = await generateTestSigningKey();
  thumbprint = await calculateJwkThumbprint(await exportJWK(pair.publicKey));
});

const publicMembers = ["alg", "e", "kid", "kty", "n", "use"];

describe("importSigningKey", () => {
  it.each([
    ["a PKCS#8 PEM", () => exportPKCS8(pair.privateKey)],
    ["a private JWK", () => exportJWK(pair.privateKey)],
    ["a CryptoKeyPair", () => pair],
    ["an extractable private CryptoKey", () => pair.privateKey],
  ] as const)("takes %s, kid = RFC 7638 thumbprint, public members only", async (_name, input) => {
    const key = await importSigningKey(await input());
    expect(key.kid).toBe(thumbprint);
    expect(Object.keys(key.publicJwk).sort()).toEqual(publicMembers);
    expect(key.publicJwk).toMatchObject({ kty: "RSA", alg: "RS256", use: "sig", kid: thumbprint });
  });

  it("keeps the private key non-extractable", async () => {
    const key = await importSigningKey(await exportPKCS8(pair.privateKey));
    expect(key.privateKey?.extractable).toBe(false);
    expect(key.privateKey?.type).toBe("private");
  });

  it("refuses RSA keys under 2048 bits (RFC 7518 §3.3)", async () => {
    const small = await crypto.subtle.generateKey(
      { name: "RSASSA-PKCS1-v1_5", modulusLength: 1024, publicExponent: new Uint8Array([1, 0, 1]), hash: "SHA-256" },
      true,
      ["sign", "verify"],
    );
    await expect(importSigningKey(small)).rejects.toThrow("signingKey: RSA keys must be at least 2048 bits");
    await expect(importSigningKey(await exportPKCS8(small.privateKey))).rejects.toThrow(/at least 2048 bits/);
  });

  it("refuses an RSA key for another hash", async () => {
    const sha384 = await crypto.subtle.generateKey(
      { name: "RSASSA-PKCS1-v1_5", modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: "SHA-384" },
      true,
      ["sign", "verify"],
    );
    await expect(importSigningKey(sha384)).rejects.toThrow(/RSASSA-PKCS1-v1_5 SHA-256/);
  });

  it.each([
    ["ES256", { kty: "EC", crv: "P-256" }, ["alg", "crv", "kid", "kty", "use", "x", "y"]],
    ["EdDSA", { kty: "OKP", crv: "Ed25519" }, ["alg", "crv", "kid", "kty", "use", "x"]],
  ] as const)("takes %s keys, the algorithm following from the key type", async (alg, members, names) => {
    const ec = await generateKeyPair(alg, { extractable: true });
    const expectedKid = await calculateJwkThumbprint(await exportJWK(ec.publicKey));
    for (const input of [ec, await exportPKCS8(ec.privateKey), await exportJWK(ec.privateKey)]) {
      const key = await importSigningKey(input);
      expect(key.alg).toBe(alg);
      expect(key.kid).toBe(expectedKid);
      expect(key.publicJwk).toMatchObject({ ...members, alg, use: "sig" });
      expect(Object.keys(key.publicJwk).sort()).toEqual(names);
    }
  });

  it("refuses keys for algorithms Tessera does not sign with", async () => {
    const p384 = await generateKeyPair("ES384", { extractable: true });
    await expect(importSigningKey(await exportPKCS8(p384.privateKey))).rejects.toThrow(/not a valid PKCS#8 RSA, RSA-PSS \(SHA-256\), EC P-256 or Ed25519/);
    await expect(importSigningKey(p384)).rejects.toThrow(/expected an RSASSA-PKCS1-v1_5 SHA-256 \(RS256\), RSA-PSS SHA-256 \(PS256\), ECDSA P-256/);
    const pss384 = await generateKeyPair("PS384", { extractable: true });
    await expect(importSigningKey(pss384)).rejects.toThrow(/signingKey: expected/);
  });

  it("takes an RSA-PSS key as PS256: a CryptoKeyPair, a JWK saying PS256, a PEM labelled id-RSASSA-PSS", async () => {
    const pss = await generateKeyPair("PS256", { extractable: true });
    expect((await importSigningKey(pss)).alg).toBe("PS256");
    const jwk = await exportJWK(pair.privateKey);
    expect((await importSigningKey({ ...jwk, alg: "PS256" })).alg).toBe("PS256");
    const generated = await generateSigningKey("PS256");
    // As `openssl genpkey -algorithm RSA-PSS` writes it: the OID 1.2.840.113549.1.1.10 in the DER.
    expect(atob(generated.privateKeyPem.replace(/-----[A-Z ]+-----|\s/g, ""))).toContain("\x2a\x86\x48\x86\xf7\x0d\x01\x01\x0a");
    const imported = await importSigningKey(generated.privateKeyPem);
    expect([imported.alg, imported.kid]).toEqual(["PS256", generated.kid]);
    // The same key labelled rsaEncryption is RS256: the label decides.
    expect((await importSigningKey(await exportPKCS8(pair.privateKey))).alg).toBe("RS256");
  });

  it("refuses a JWK whose alg or use contradicts the key", async () => {
    const jwk = await exportJWK(pair.privateKey);
    await expect(importSigningKey({ ...jwk, alg: "ES256" })).rejects.toThrow(/says alg ES256/);
    await expect(importSigningKey({ ...jwk, use: "enc" })).rejects.toThrow(/not for signatures/);
  });

  it.each([
    ["a PKCS#1 PEM", "-----BEGIN RSA PRIVATE KEY-----\nMIIB\n-----END RSA PRIVATE KEY-----", /PKCS#1/],
    ["an encrypted PEM", "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIB\n-----END ENCRYPTED PRIVATE KEY-----", /encrypted PEM .* needs a passphrase.*openssl pkey/],
    ["a public key PEM", "-----BEGIN PUBLIC KEY-----\nMIIB\n-----END PUBLIC KEY-----", /this PEM is a public key; the signing key must be the private key/],
    ["a PKCS#1 public key PEM", "-----BEGIN RSA PUBLIC KEY-----\nMIIB\n-----END RSA PUBLIC KEY-----", /public key/],
    ["a certificate", "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----", /certificate holds only a public key/],
    ["a shared secret", "c2VjcmV0-not-a-key", /expected a PKCS#8 PEM/],
    ["garbage in a PKCS#8 frame", "-----BEGIN PRIVATE KEY-----\nc2VjcmV0\n-----END PRIVATE KEY-----", /not a valid/],
    ["a public JWK", { kty: "RSA", n: "AQAB", e: "AQAB" }, /no private member d: it is a public key/],
    ["a symmetric JWK", { kty: "oct", k: "c2VjcmV0" }, /expected an RSA, EC P-256 or Ed25519/],
    ["a number", 42, /expected a PKCS#8 PEM string/],
  ])("refuses %s with a message that names the problem", async (_name, input, message) => {
    const failure = importSigningKey(input as never);
    await expect(failure).rejects.toThrow(message);
    await expect(failure).rejects.toMatchObject({ code: "ERR_INVALID_ARG_VALUE" });
    // The message never quotes key material.
    await expect(failure).rejects.not.toThrow(/MIIB|c2VjcmV0/);
  });

  it("refuses a non-extractable private CryptoKey alone, pointing at the key pair", async () => {
    const pairWithHiddenKey = await generateKeyPair("RS256");
    await expect(importSigningKey(pairWithHiddenKey.privateKey)).rejects.toThrow(/pass the CryptoKeyPair/);
    await expect(importSigningKey(pairWithHiddenKey)).resolves.toMatchObject({ alg: "RS256" });
  });
});

describe("importPublishedKey", () => {
  it("takes a public JWK, or a private key whose private part it drops", async () => {
    const fromPublic = await importPublishedKey(await exportJWK(pair.publicKey));
    const fromPrivate = await importPublishedKey(await exportPKCS8(pair.privateKey));
    for (const key of [fromPublic, fromPrivate]) {
      expect(key.kid).toBe(thumbprint);
      expect(key.privateKey).toBeUndefined();
    }
  });

  it("refuses a public JWK that is not a usable key", async () => {
    await expect(importPublishedKey({ kty: "RSA", n: "AQAB", e: "AQAB" })).rejects.toThrow(/publishedKeys: /);
  });
});

describe("generateSigningKey", () => {
  it.each(["RS256", "ES256", "EdDSA"] as const)("makes a %s key whose PEM and JWK import to the same kid", async (alg) => {
    const generated = await generateSigningKey(alg);
    expect(generated.privateKeyPem).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    expect(generated.publicJwk).not.toHaveProperty("d");
    for (const input of [generated.privateKeyPem, generated.privateJwk]) {
      const key = await importSigningKey(input);
      expect(key.alg).toBe(alg);
      expect(key.kid).toBe(generated.kid);
    }
  });

  it("refuses an algorithm it does not sign with", async () => {
    await expect(generateSigningKey("HS256" as never)).rejects.toThrow(/^alg: /);
  });
});
