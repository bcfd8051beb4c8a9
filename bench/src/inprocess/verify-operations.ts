/**
 * The in-process verifier targets, each presenting the group's valid tokens in turn
 * (verify/tokens.ts), 50 calls in flight:
 * - `verify-jose`: the floor, jose's `jwtVerify` with the public key imported once and the checks
 *   Tessera's resource server makes (verify/minimal-verifier.ts: `typ`, algorithm, `iss`, `aud`,
 *   times with 30 s tolerance, the required claims, the revocation set when the group checks it);
 * - `verify-token`: the lean resource server's `verifyToken(token)`;
 * - `verify-request`: its `verifyRequest(request)`, on a `Request` made once per token before the
 *   rounds, as a server hands one to its handler (making it is the runtime's cost, not the
 *   verifier's; `verifyRequest` reads only its headers).
 * Before it is timed, each accepts every valid token as the bench client's, refuses each refused
 * one, and refuses the revoked one exactly when the group checks revocation.
 */
import { issuer, resourceRequest, type Alg } from "../fixture.js";
import { createBenchResourceServer } from "../servers/bench-server.js";
import { minimalVerifier } from "../verify/minimal-verifier.js";
import { revocationFromEnvironment } from "../verify/revocation.js";
import { refusals, tokensFromEnvironment, type TokenSet } from "../verify/token-set.js";
import type { Operation } from "./loop.js";

export const verifyTargets = ["verify-jose", "verify-token", "verify-request"] as const;
export type VerifyTarget = (typeof verifyTargets)[number];

/** One verification: resolves with the client id, rejects for a token that must be refused. */
type Verify = (token: string) => Promise<string>;

export async function prepareVerify(target: VerifyTarget, alg: Alg, privateKeyPem: string): Promise<{ operation: Operation; checked: string }> {
  const tokens = tokensFromEnvironment();
  const revoked = revocationFromEnvironment(tokens.revoked.jti);
  const verify = await verifier(target, alg, privateKeyPem, revoked, tokens);
  await check(verify, tokens, revoked !== undefined);
  let next = 0;
  const operation = () => {
    next = next === tokens.valid.length - 1 ? 0 : next + 1;
    return verify(tokens.valid[next]!);
  };
  return { operation, checked: `accepts its ${tokens.valid.length} tokens, refuses ${refusals.length} bad ones${revoked === undefined ? "" : " and the revoked one"}` };
}

async function verifier(target: VerifyTarget, alg: Alg, privateKeyPem: string, revoked: ReadonlySet<string> | undefined, tokens: TokenSet): Promise<Verify> {
  switch (target) {
    case "verify-jose": {
      const decide = await minimalVerifier(alg, privateKeyPem, revoked);
      return async (token) => {
        const answer = await decide(`Bearer ${token}`);
        if (answer.status !== 200) throw new Error("refused");
        return (JSON.parse(answer.body) as { client_id: string }).client_id;
      };
    }
    case "verify-token": {
      const resourceServer = await createBenchResourceServer(alg, privateKeyPem, revoked);
      return async (token) => (await resourceServer.verifyToken(token)).clientId;
    }
    case "verify-request": {
      const resourceServer = await createBenchResourceServer(alg, privateKeyPem, revoked);
      const all = [...tokens.valid, tokens.revoked.token, ...Object.values(tokens.refused)];
      const requests = new Map(all.map((token) => [token, new Request(`${issuer}${resourceRequest.path}`, { headers: { authorization: `Bearer ${token}` } })]));
      return async (token) => (await resourceServer.verifyRequest(requests.get(token)!)).clientId;
    }
  }
}

async function check(verify: Verify, tokens: TokenSet, revocation: boolean): Promise<void> {
  for (const token of tokens.valid) {
    if ((await verify(token)) !== "bench") throw new Error("a valid token was not taken as the bench client's");
  }
  for (const refusal of refusals) {
    if (await verify(tokens.refused[refusal]).then(() => true, () => false)) throw new Error(`accepted a token ${refusal}`);
  }
  const revokedAccepted = await verify(tokens.revoked.token).then(() => true, () => false);
  if (revokedAccepted === revocation) throw new Error(revocation ? "accepted the revoked token" : "refused a valid token (the revoked one, with revocation off)");
}
