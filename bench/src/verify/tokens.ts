/**
 * The access tokens the verifier groups present, made by the bench parent for each group (so none
 * expires during a long run) and handed to every target of the group in one file
 * (`BENCH_TOKENS_FILE`): a pool of valid tokens issued by Tessera itself with the run's key, for
 * the bench client, presented round-robin so that no target can answer from a cache of one token;
 * one more valid token whose `jti` is in the revocation set; and tokens every verifier must refuse,
 * each wrong in one way. A target serves its timed rounds only after it has answered all of them
 * as it must (verify/check.ts, and the in-process targets' own check).
 */
import { randomUUID } from "node:crypto";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { decodeJwt, decodeProtectedHeader, generateKeyPair, importPKCS8, SignJWT, type JWTPayload } from "jose";
import { benchClient, issuer, tokenRequest, type Alg } from "../fixture.js";
import { createBenchServer } from "../servers/bench-server.js";
import type { Refusal, TokenSet } from "./token-set.js";

/** How many valid tokens a group presents in turn: `BENCH_TOKEN_POOL`, default 1000. */
export function tokenPoolSize(): number {
  const size = Number(process.env.BENCH_TOKEN_POOL ?? 1000);
  if (!Number.isSafeInteger(size) || size < 1) throw new TypeError("BENCH_TOKEN_POOL: expected a positive whole number");
  return size;
}

/** Issues the tokens of one group with Tessera (client credentials, client_secret_basic, as the issuance groups ask). */
export async function makeTokenSet(alg: Alg, privateKeyPem: string, count = tokenPoolSize()): Promise<TokenSet> {
  const server = await createBenchServer(privateKeyPem);
  const init = { method: tokenRequest.method, headers: tokenRequest.headers, body: tokenRequest.body };
  const issue = async () => {
    const response = await server.respondToTokenRequest(new Request(`${issuer}${tokenRequest.path}`, init));
    const body = (await response.json()) as { access_token?: string };
    if (response.status !== 200 || typeof body.access_token !== "string") throw new Error(`Tessera did not issue a token (${response.status})`);
    return body.access_token;
  };
  const valid: string[] = [];
  for (let index = 0; index < count; index++) valid.push(await issue());
  const revoked = await issue();

  // The refused ones look like Tessera's tokens (same header, same claims) but for one thing.
  const template = valid[0]!;
  const header = decodeProtectedHeader(template);
  const claims = decodeJwt(template);
  const key = await importPKCS8(privateKeyPem, alg);
  const { privateKey: otherKey } = await generateKeyPair(alg);
  const now = Math.floor(Date.now() / 1000);
  const sign = (payload: JWTPayload, signingKey: CryptoKey = key, typ = "at+jwt") =>
    new SignJWT({ ...payload, jti: randomUUID() }).setProtectedHeader({ alg, typ, kid: header.kid! }).sign(signingKey);
  const refused: Record<Refusal, string> = {
    "signed with another key": await sign(claims, otherKey),
    expired: await sign({ ...claims, iat: now - 7200, exp: now - 3600 }),
    "for another audience": await sign({ ...claims, aud: "http://elsewhere.example" }),
    "from another issuer": await sign({ ...claims, iss: "http://127.0.0.1" }),
    "not typed at+jwt": await sign(claims, key, "JWT"),
  };
  if (claims.client_id !== benchClient.clientId) throw new Error("Tessera's token is not for the bench client");
  return { alg, valid, revoked: { token: revoked, jti: decodeJwt(revoked).jti! }, refused };
}

/** Writes a group's tokens where its targets read them; returns the path for `BENCH_TOKENS_FILE`. */
export async function writeTokenSet(directory: string, tokens: TokenSet): Promise<string> {
  const file = join(directory, `tokens-${tokens.alg}-${Date.now()}.json`);
  await writeFile(file, JSON.stringify(tokens));
  return file;
}
