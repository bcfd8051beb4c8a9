import { invalidOption } from "../lib/checks.js";
import { OAuthError } from "./errors.js";

/** RFC 6749 §3.3: `scope-token = 1*NQCHAR`, NQCHAR = %x21 / %x23-5B / %x5D-7E. */
const scopeToken = /^[\x21\x23-\x5B\x5D-\x7E]+$/;

/** Whether `value` is a valid scope token (RFC 6749 §3.3). */
export function isScopeToken(value: string): boolean {
  return scopeToken.test(value);
}

/**
 * Parses a `scope` parameter (RFC 6749 §3.3: `scope-token *( SP scope-token )`) into distinct
 * tokens, in the order first given; duplicates collapse. Throws `invalid_scope` for anything
 * else: empty tokens from doubled or edge spaces, other white space, quotes or backslashes.
 */
export function parseScope(value: string): string[] {
  const tokens = value.split(" ");
  if (!tokens.every(isScopeToken)) {
    throw OAuthError.invalidScope("The scope parameter is malformed.");
  }
  return [...new Set(tokens)];
}

/** Formats scopes as a `scope` value: space-delimited (RFC 6749 §3.3). */
export function formatScope(scopes: readonly string[]): string {
  return scopes.join(" ");
}

/**
 * Checks a list of scopes a program requires (a route's, a guard's): an array of scope tokens
 * (RFC 6749 §3.3). Returns a frozen copy; throws a `TypeError` naming `name` otherwise, since a
 * malformed required scope is a programming mistake.
 */
export function checkScopes(scopes: unknown, name = "scopes"): readonly string[] {
  if (!Array.isArray(scopes) || !scopes.every((scope) => typeof scope === "string" && isScopeToken(scope))) {
    throw invalidOption(name, 'expected an array of scope tokens (RFC 6749 §3.3), such as ["invoices:read"]');
  }
  return Object.freeze([...(scopes as string[])]);
}
