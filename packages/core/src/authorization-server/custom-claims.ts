import type { Client } from "../storage/clients.js";
import type { TokenRequest } from "./token-request.js";

/** What the `customClaims` hook is told about the token being issued. */
export interface CustomClaimsContext {
  /** The authenticated client. */
  readonly client: Client;
  /** The token request, parsed. */
  readonly request: TokenRequest;
  readonly grantType: string;
  readonly subject: string;
  readonly scopes: readonly string[];
  readonly audience: string | readonly string[];
}

/**
 * Adds claims to an access token: returns them as a JSON object (or nothing). Registered claims
 * cannot be set this way; see {@link protectedClaims}.
 */
export type CustomClaimsHook = (
  context: CustomClaimsContext,
) => Readonly<Record<string, unknown>> | undefined | Promise<Readonly<Record<string, unknown>> | undefined>;

/**
 * Claims the `customClaims` hook may not set: those Tessera sets itself (RFC 9068 §2.2, RFC 7519
 * §4.1), `nbf`, which resource servers enforce, and `cnf` (RFC 7800), which binds a token to a
 * key. Overriding any of them would forge what the server vouches for.
 */
export const protectedClaims: ReadonlySet<string> = new Set([
  "iss", "sub", "aud", "exp", "nbf", "iat", "jti", "client_id", "scope", "cnf",
]);

/**
 * Checks what the hook returned. The hook is the server's own code, so a wrong answer is a
 * programming error: a `TypeError` naming the problem, answered `server_error` and reported to
 * `onError`, rather than a token silently missing a claim the application expects.
 */
export function checkCustomClaims(claims: unknown): Readonly<Record<string, unknown>> | undefined {
  if (claims === undefined) return undefined;
  if (typeof claims !== "object" || claims === null || Array.isArray(claims)) {
    throw new TypeError("customClaims: expected an object of claims, or undefined");
  }
  for (const name of Object.keys(claims)) {
    if (protectedClaims.has(name)) throw new TypeError(`customClaims: the claim ${name} is set by the server and cannot be overridden`);
  }
  return claims as Readonly<Record<string, unknown>>;
}
