import { invalidOption, isPositiveInteger } from "../lib/checks.js";
import { OAuthError } from "../protocol/errors.js";
import type { Client } from "../storage/clients.js";

/**
 * Whether `value` can be a resource indicator: an absolute URI (it has a scheme) without a
 * fragment component (RFC 8707 §2). A query is allowed, though the RFC advises against one.
 */
export function isResourceIndicator(value: string): boolean {
  return !value.includes("#") && URL.canParse(value);
}

/**
 * The `aud` of a token (RFC 8707 §2, RFC 9068 §3): the resources the request names, each one
 * a valid indicator among the client's {@link Client.resources}, else `invalid_target`; without
 * `resource`, the client's {@link Client.defaultResources}, else the server's audience. One
 * audience is a string, several an array (RFC 7519 §4.1.3 allows both).
 */
export function resolveTokenAudience(
  requested: readonly string[],
  client: Client,
  serverAudience: string | readonly string[],
): string | readonly string[] {
  if (requested.length === 0) {
    const defaults = client.defaultResources;
    return defaults === undefined || defaults.length === 0 ? serverAudience : single(defaults);
  }
  const allowed = client.resources ?? [];
  for (const resource of requested) {
    if (!isResourceIndicator(resource)) {
      throw OAuthError.invalidTarget("A resource parameter is not an absolute URI without a fragment.");
    }
    if (!allowed.includes(resource)) {
      throw OAuthError.invalidTarget("A requested resource is not allowed for this client.");
    }
  }
  return single(requested.length === 1 ? requested : [...new Set(requested)]);
}

function single(audience: readonly string[]): string | readonly string[] {
  return audience.length === 1 ? (audience[0] as string) : audience;
}

/**
 * A token's lifetime under per-audience limits: the shortest of `ttl` and the limit of each
 * audience that has one. `limits` is the server's `accessTokenTtlByAudience`.
 */
export function limitTtlByAudience(
  ttl: number,
  audience: string | readonly string[],
  limits: ReadonlyMap<string, number>,
): number {
  if (typeof audience === "string") return Math.min(ttl, limits.get(audience) ?? ttl);
  let limited = ttl;
  for (const value of audience) limited = Math.min(limited, limits.get(value) ?? limited);
  return limited;
}

/** Validates the `accessTokenTtlByAudience` option; `undefined` when it sets no limit. */
export function resolveTtlByAudience(limits: unknown): ReadonlyMap<string, number> | undefined {
  if (limits === undefined) return undefined;
  if (typeof limits !== "object" || limits === null || Array.isArray(limits)) {
    throw invalidOption("accessTokenTtlByAudience", "expected an object of audience: seconds");
  }
  const entries = Object.entries(limits);
  for (const [audience, ttl] of entries) {
    if (audience === "") throw invalidOption("accessTokenTtlByAudience", "an audience must be a non-empty string");
    if (!isPositiveInteger(ttl)) {
      throw invalidOption(`accessTokenTtlByAudience[${JSON.stringify(audience)}]`, "must be a positive whole number of seconds");
    }
  }
  return entries.length === 0 ? undefined : new Map(entries as [string, number][]);
}
