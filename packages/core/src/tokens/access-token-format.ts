/**
 * Whether a JWS `typ` header names an RFC 9068 access token: `at+jwt`, or the full media type
 * `application/at+jwt`, in any letter case (RFC 9068 §2.1, RFC 7515 §4.1.9 and RFC 2045 §5.1 for
 * case-insensitive media types). Checked before any key lookup, so a token of another type (an ID
 * token, a client assertion) can never pass for an access token (RFC 8725 §3.11).
 */
export function isAccessTokenType(typ: unknown): boolean {
  if (typeof typ !== "string") return false;
  const type = typ.toLowerCase();
  return type === "at+jwt" || type === "application/at+jwt";
}

/**
 * The longest token either verifier reads: RFC 9068 access tokens are a few hundred bytes (custom
 * claims aside), so anything longer is refused unread.
 */
export const maxAccessTokenLength = 16 * 1024;
