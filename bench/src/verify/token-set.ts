/**
 * The access tokens a verifier group presents (made by the bench parent, see tokens.ts), as its
 * targets read them from `BENCH_TOKENS_FILE`. Imports nothing but `node:fs`, so that it loads on
 * Bun and Deno as well.
 */
import { readFileSync } from "node:fs";
import type { Alg } from "../fixture.js";

/** How each refused token is wrong. */
export const refusals = ["signed with another key", "expired", "for another audience", "from another issuer", "not typed at+jwt"] as const;
export type Refusal = (typeof refusals)[number];

export interface TokenSet {
  readonly alg: Alg;
  /** Valid tokens for the bench client (scope `read`), issued by Tessera with the run's key. */
  readonly valid: readonly string[];
  /** A valid token that the revocation set holds: refused when revocation is checked, accepted when not. */
  readonly revoked: { readonly token: string; readonly jti: string };
  /** Tokens every verifier must refuse (401), by what is wrong with them. */
  readonly refused: Readonly<Record<Refusal, string>>;
}

/** In a target: the tokens of its group. */
export function tokensFromEnvironment(): TokenSet {
  const file = process.env.BENCH_TOKENS_FILE;
  if (file === undefined) throw new Error("BENCH_TOKENS_FILE is not set: verifier targets get their tokens from the bench run");
  return JSON.parse(readFileSync(file, "utf8")) as TokenSet;
}
