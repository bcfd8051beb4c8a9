/** The run's public key as the verifier targets are given it. */
import { createPublicKey } from "node:crypto";
import { calculateJwkThumbprint, exportJWK, type JWK } from "jose";
import type { Alg } from "../fixture.js";

/** The public half of the run's key as a JWK, with the `kid` Tessera gives it (RFC 7638 thumbprint) and its `alg`. */
export async function publicJwkOf(alg: Alg, privateKeyPem: string): Promise<JWK> {
  const jwk = await exportJWK(createPublicKey(privateKeyPem));
  return { ...jwk, kid: await calculateJwkThumbprint(jwk), alg, use: "sig" };
}
