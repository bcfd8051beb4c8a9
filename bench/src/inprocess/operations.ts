/**
 * The in-process targets: what one call does, and the check it must pass first.
 * - `subtle-sign`: the signing floor, `crypto.subtle.sign` with a pre-imported key, over a
 *   signing input as long as a Tessera token's;
 * - `node-sign`: the same with `node:crypto` `sign` and a callback (the libuv thread pool);
 * - `minimal-fetch`: the least a token endpoint on `Request` and `Response` can do (see
 *   servers/minimal.ts), called as `tessera` is: what any such endpoint pays on this runtime;
 * - `tessera`: `respondToTokenRequest` of the lean server on a fresh `Request` (a body can be read
 *   only once), the response body read as a caller would;
 * - `tessera-example`: the same on the server built as the examples build it (servers/example-config.ts);
 * - `tessera-private-key-jwt`, `tessera-dpop`: `tessera` with a client assertion or a DPoP proof
 *   (key-bound.ts);
 * - the verifier targets: inprocess/verify-operations.ts.
 */
import { createPrivateKey, createPublicKey } from "node:crypto";
import { calculateJwkThumbprint, exportJWK, importPKCS8 } from "jose";
import { rfc9068, verifyToken, verifyTokenResponse } from "../check.js";
import { benchClient, issuer, tokenRequest, type Alg } from "../fixture.js";
import { minimalFetchHandler, signer, webCryptoSign } from "../servers/minimal-endpoint.js";
import { createBenchServer } from "../servers/bench-server.js";
import { createExampleConfiguredServer } from "../servers/example-config.js";
import type { Operation } from "./loop.js";
import { clientAuthTimingTargets, prepareClientAuthTiming } from "./client-auth-timing.js";
import { keyBoundTargets, prepareKeyBound } from "./key-bound.js";
import { preparePrimitive, primitiveTargets, type PrimitiveTarget } from "./primitives.js";
import { prepareVerify, verifyTargets } from "./verify-operations.js";

export const inProcessTargets = [
  "subtle-sign",
  "node-sign",
  "minimal-fetch",
  "tessera",
  "tessera-example",
  ...verifyTargets,
  ...primitiveTargets,
  ...clientAuthTimingTargets,
  ...keyBoundTargets,
] as const;
export type InProcessTarget = (typeof inProcessTargets)[number];

export interface Prepared {
  readonly operation: Operation;
  /** What the check verified, for the log. */
  readonly checked: string;
}

export async function prepare(target: InProcessTarget, alg: Alg, privateKeyPem: string): Promise<Prepared> {
  switch (target) {
    case "subtle-sign": {
      const key = await importPKCS8(privateKeyPem, alg);
      const { signingInput, bytes } = await sampleSigningInput(alg, privateKeyPem);
      const sign = () => crypto.subtle.sign(webCryptoSign[alg], key, bytes);
      const signature = Buffer.from(await sign()).toString("base64url");
      await verifyToken(`${signingInput}.${signature}`, privateKeyPem, rfc9068(alg));
      return { operation: sign, checked: "a JWS signed this way verifies" };
    }
    case "node-sign": {
      const signWith = signer(alg, createPrivateKey(privateKeyPem));
      const { signingInput } = await sampleSigningInput(alg, privateKeyPem);
      const data = Buffer.from(signingInput);
      const sign = () =>
        new Promise<Buffer>((resolve, reject) => signWith(data, (error, signature) => (error ? reject(error) : resolve(signature))));
      await verifyToken(`${signingInput}.${(await sign()).toString("base64url")}`, privateKeyPem, rfc9068(alg));
      return { operation: sign, checked: "a JWS signed this way verifies" };
    }
    case "minimal-fetch":
      return prepareFetchHandler(await minimalFetchHandler(alg, privateKeyPem), alg, privateKeyPem);
    case "tessera":
      return prepareFetchHandler((await createBenchServer(privateKeyPem)).respondToTokenRequest, alg, privateKeyPem);
    case "tessera-example":
      return prepareFetchHandler((await createExampleConfiguredServer(privateKeyPem)).respondToTokenRequest, alg, privateKeyPem);
    case "verify-jose":
    case "verify-token":
    case "verify-request":
      return prepareVerify(target, alg, privateKeyPem);
    case "auth-unknown-client":
    case "auth-wrong-secret":
      return prepareClientAuthTiming(target, privateKeyPem);
    case "tessera-private-key-jwt":
    case "tessera-dpop":
      return prepareKeyBound(target, alg, privateKeyPem);
    default:
      return preparePrimitive(target satisfies PrimitiveTarget);
  }
}

/**
 * A fetch handler called as its users call it: on a fresh `Request` each time (a body can be read
 * only once), the response body read.
 */
async function prepareFetchHandler(handler: (request: Request) => Promise<Response>, alg: Alg, privateKeyPem: string): Promise<Prepared> {
  const url = `${issuer}${tokenRequest.path}`;
  const init = { method: tokenRequest.method, headers: tokenRequest.headers, body: tokenRequest.body };
  const first = await handler(new Request(url, init));
  await verifyTokenResponse(first.status, await first.text(), privateKeyPem, rfc9068(alg));
  const operation = async () => {
    const response = await handler(new Request(url, init));
    if (response.status !== 200) throw new Error(`answered ${response.status}`);
    return response.text();
  };
  return { operation, checked: "its token verifies" };
}

/** A signing input shaped like Tessera's: the same header and claims, so the same length. */
async function sampleSigningInput(alg: Alg, privateKeyPem: string): Promise<{ signingInput: string; bytes: Uint8Array<ArrayBuffer> }> {
  const kid = await calculateJwkThumbprint(await exportJWK(createPublicKey(privateKeyPem)));
  const iat = Math.floor(Date.now() / 1000);
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const claims = {
    iss: issuer,
    sub: benchClient.clientId,
    aud: issuer,
    exp: iat + 3600,
    iat,
    jti: "AAAAAAAAAAAAAAAAAAAAAA",
    client_id: benchClient.clientId,
    scope: benchClient.scope,
  };
  const signingInput = `${encode({ alg, typ: "at+jwt", kid })}.${encode(claims)}`;
  return { signingInput, bytes: new TextEncoder().encode(signingInput) as Uint8Array<ArrayBuffer> };
}
