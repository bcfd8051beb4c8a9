/**
 * The correctness check every verifier target passes over HTTP before it is timed: with each of
 * the group's valid tokens checked on a sample, `GET /whoami` is answered 200 with the bench
 * client's principal; without a token, and with each token that must be refused (verify/tokens.ts),
 * it is answered 401; the revoked token is refused exactly when the group checks revocation. A
 * verifier that answers fast without checking is not measured at all.
 */
import { basicAuthorization, benchClient, resourceRequest } from "../fixture.js";
import { refusals, type TokenSet } from "./token-set.js";

async function get(origin: string, authorization: string | undefined): Promise<{ status: number; body: string }> {
  const response = await fetch(`${origin}${resourceRequest.path}`, {
    method: resourceRequest.method,
    headers: authorization === undefined ? {} : { authorization },
  });
  return { status: response.status, body: await response.text() };
}

/** Checks the target at `origin`; resolves with what was checked, throws saying what is wrong. */
export async function checkProtectedResource(origin: string, tokens: TokenSet, revocation: boolean): Promise<string> {
  const sample = [tokens.valid[0]!, tokens.valid[Math.floor(tokens.valid.length / 2)]!, tokens.valid[tokens.valid.length - 1]!];
  for (const token of sample) {
    const { status, body } = await get(origin, `Bearer ${token}`);
    if (status !== 200) throw new Error(`a valid token was answered ${status}: ${body.slice(0, 200)}`);
    const principal = JSON.parse(body) as { client_id?: unknown; scope?: unknown };
    if (principal.client_id !== benchClient.clientId || principal.scope !== benchClient.scope) {
      throw new Error(`the principal is not the bench client's: ${body.slice(0, 200)}`);
    }
  }
  const none = await get(origin, undefined);
  if (none.status !== 401) throw new Error(`a request without a token was answered ${none.status}`);
  for (const refusal of refusals) {
    const { status } = await get(origin, `Bearer ${tokens.refused[refusal]}`);
    if (status !== 401) throw new Error(`a token ${refusal} was answered ${status}, not 401`);
  }
  const revoked = await get(origin, `Bearer ${tokens.revoked.token}`);
  if (revocation && revoked.status !== 401) throw new Error(`the revoked token was answered ${revoked.status}, not 401`);
  if (!revocation && revoked.status !== 200) throw new Error(`a valid token was answered ${revoked.status} with revocation off`);
  return `accepts the bench client's tokens, refuses a missing token and ${refusals.length} bad ones${revocation ? " and the revoked one" : ""}`;
}

/** Revokes the group's revoked token at an example's own revocation endpoint (RFC 7009), as its client would. */
export async function revokeAtExample(origin: string, tokens: TokenSet): Promise<void> {
  const response = await fetch(`${origin}/revoke`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", authorization: basicAuthorization },
    body: new URLSearchParams({ token: tokens.revoked.token, token_type_hint: "access_token" }).toString(),
  });
  if (response.status !== 200) throw new Error(`the example's /revoke answered ${response.status}: ${(await response.text()).slice(0, 200)}`);
}
