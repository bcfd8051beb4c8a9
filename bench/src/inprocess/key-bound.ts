/**
 * Tokens with keys instead of secrets, in-process, against the same server as `tessera`
 * (client_secret_basic): `tessera-private-key-jwt`, the client authenticating with a client
 * assertion (RFC 7523), and `tessera-dpop`, client_secret_basic with a DPoP proof (RFC 9449) that
 * binds the token. Each request carries a fresh assertion or proof, as a client's would (their
 * `jti`s are reserved, so none can be sent twice); they are signed before the run, with the
 * client's Ed25519 key through node:crypto, so the client's signing is not counted as the server's
 * work. The pool holds enough for the run's rounds at up to {@link poolRate} requests a second.
 */
import { createPrivateKey, sign } from "node:crypto";
import { randomUUID } from "node:crypto";
import { benchClient, benchKeyClient, basicAuthorization, issuer } from "../fixture.js";
import { createBenchServer } from "../servers/bench-server.js";
import { rfc9068, verifyTokenResponse, type TokenExpectations } from "../check.js";
import type { Alg } from "../fixture.js";
import type { Operation } from "./loop.js";

export const keyBoundTargets = ["tessera-private-key-jwt", "tessera-dpop"] as const;
export type KeyBoundTarget = (typeof keyBoundTargets)[number];

/** The most requests a second the pool is sized for. */
const poolRate = 9_000;

/** Seconds the run lasts for one target: as run.ts reads the same variables. */
function runSeconds(): number {
  const quick = process.env.BENCH_QUICK === "1";
  const number = (name: string, fallback: number) => {
    const value = Number(process.env[name]);
    return Number.isFinite(value) && value > 0 ? value : fallback;
  };
  return number("BENCH_SECONDS", quick ? 2 : 5) * number("BENCH_ROUNDS", quick ? 1 : 3) + number("BENCH_WARMUP", quick ? 1 : 3) + 2;
}

const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

/** A compact JWS over `header` and `claims`, signed with an Ed25519 private JWK. */
function signer(jwk: Readonly<Record<string, string>>): (header: object, claims: object) => string {
  const key = createPrivateKey({ key: jwk, format: "jwk" });
  return (header, claims) => {
    const input = `${encode(header)}.${encode(claims)}`;
    return `${input}.${sign(null, Buffer.from(input), key).toString("base64url")}`;
  };
}

/** The request init of each call, made before the run. */
function pool(target: KeyBoundTarget, count: number): RequestInit[] {
  const now = Math.floor(Date.now() / 1000);
  const form = "application/x-www-form-urlencoded";
  if (target === "tessera-private-key-jwt") {
    const signAssertion = signer(benchKeyClient.privateJwk);
    const type = encodeURIComponent("urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
    return Array.from({ length: count }, () => {
      const claims = { iss: benchKeyClient.clientId, sub: benchKeyClient.clientId, aud: issuer, iat: now, exp: now + 290, jti: randomUUID() };
      const assertion = signAssertion({ alg: "EdDSA", kid: "bench-key" }, claims);
      return { method: "POST", headers: { "content-type": form }, body: `grant_type=client_credentials&scope=read&client_assertion_type=${type}&client_assertion=${assertion}` };
    });
  }
  const signProof = signer(benchKeyClient.dpopJwk);
  const { d: _private, ...jwk } = benchKeyClient.dpopJwk;
  return Array.from({ length: count }, () => {
    const proof = signProof({ typ: "dpop+jwt", alg: "EdDSA", jwk }, { jti: randomUUID(), htm: "POST", htu: `${issuer}/token`, iat: now });
    return { method: "POST", headers: { "content-type": form, authorization: basicAuthorization, dpop: proof }, body: `grant_type=client_credentials&scope=${benchClient.scope}` };
  });
}

export async function prepareKeyBound(target: KeyBoundTarget, alg: Alg, privateKeyPem: string): Promise<{ operation: Operation; checked: string }> {
  const server = await createBenchServer(privateKeyPem);
  const inits = pool(target, Math.ceil(runSeconds() * poolRate) + 1);
  let next = 0;
  const url = `${issuer}/token`;
  const call = async () => {
    const init = inits[next++];
    if (init === undefined) throw new Error("the pool of assertions or proofs ran out");
    inits[next - 1] = undefined as never; // let it be collected
    return server.respondToTokenRequest(new Request(url, init));
  };
  const first = await call();
  const expectations: TokenExpectations =
    target === "tessera-private-key-jwt" ? { ...rfc9068(alg), clientId: benchKeyClient.clientId } : { ...rfc9068(alg), tokenType: "DPoP" };
  await verifyTokenResponse(first.status, await first.text(), privateKeyPem, expectations);
  const operation = async () => {
    const response = await call();
    if (response.status !== 200) throw new Error(`answered ${response.status}`);
    return response.text();
  };
  return { operation, checked: target === "tessera-private-key-jwt" ? "its token verifies (private_key_jwt)" : "its token verifies (DPoP-bound)" };
}
