/**
 * What a verified access token says about the caller: the client, the subject, the scopes, and
 * the token's lifetime. Frozen, its arrays and claims included. Times are seconds since the
 * epoch, as in the token.
 */
export interface AccessTokenPrincipal {
  /** The client the token was issued to (`client_id`, RFC 9068 §2.2). */
  readonly clientId: string;
  /** The subject (`sub`): for the client credentials grant, the client itself. */
  readonly subject: string;
  /** The granted scopes, from the space-delimited `scope` claim (RFC 9068 §2.2.3); maybe none. */
  readonly scopes: readonly string[];
  /** The audience (`aud`), always as an array. */
  readonly audience: readonly string[];
  /** When the token expires (`exp`). */
  readonly expiresAt: number;
  /** When the token was issued (`iat`). */
  readonly issuedAt: number;
  /** The token's unique id (`jti`), for logs and revocation. */
  readonly jti: string;
  /** Every claim of the token, as verified; for claims the fields above do not cover. */
  readonly claims: Readonly<Record<string, unknown>>;
}

/**
 * The principal of a verified claims set, or `undefined` when a claim has the wrong type: a
 * `client_id`, `sub` or `jti` that is not a non-empty string, a `scope` that is not a string, an
 * `aud` that is not a string or an array of strings.
 */
export function toPrincipal(claims: Readonly<Record<string, unknown>>): AccessTokenPrincipal | undefined {
  const { client_id: clientId, sub, jti, scope, aud, exp, iat } = claims;
  if (!isNonEmptyString(clientId) || !isNonEmptyString(sub) || !isNonEmptyString(jti)) return undefined;
  if (typeof exp !== "number" || typeof iat !== "number") return undefined;
  if (scope !== undefined && typeof scope !== "string") return undefined;
  const audience = typeof aud === "string" ? [aud] : aud;
  if (!Array.isArray(audience) || !audience.every((value) => typeof value === "string")) return undefined;
  // Lenient about spacing: the issuer signed it, and an empty token grants nothing.
  const scopes = scope === undefined ? [] : [...new Set(scope.split(" ").filter((token) => token !== ""))];
  return Object.freeze({
    clientId,
    subject: sub,
    scopes: Object.freeze(scopes),
    audience: Object.freeze([...(audience as string[])]),
    expiresAt: exp,
    issuedAt: iat,
    jti,
    claims: deepFreeze(structuredClone(claims)),
  });
}

function isNonEmptyString(value: unknown): value is string {
  return typeof value === "string" && value !== "";
}

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null) {
    for (const member of Object.values(value)) deepFreeze(member);
    Object.freeze(value);
  }
  return value;
}
