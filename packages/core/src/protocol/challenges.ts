import { quotedString } from "../lib/quoted-string.js";

/** Parameters of a `Bearer` challenge (RFC 6750 §3), in the order they are written. */
export interface BearerChallengeParameters {
  readonly realm: string;
  readonly error?: string | undefined;
  readonly error_description?: string | undefined;
  readonly scope?: string | undefined;
}

/**
 * A `WWW-Authenticate: Bearer …` value (RFC 6750 §3): `Bearer realm="…"` and, when given,
 * `error`, `error_description` and `scope`, every value a quoted-string.
 */
export function bearerChallenge(parameters: BearerChallengeParameters): string {
  let challenge = `Bearer realm=${quotedString(parameters.realm)}`;
  for (const name of ["error", "error_description", "scope"] as const) {
    const value = parameters[name];
    if (value !== undefined) challenge += `, ${name}=${quotedString(value)}`;
  }
  return challenge;
}

/**
 * The `WWW-Authenticate` value of a 401 at an endpoint that takes HTTP Basic client credentials
 * (RFC 7617 §2, RFC 6749 §2.3.1): the scheme, the issuer as the realm, and UTF-8 as the charset.
 */
export function basicChallenge(realm: string): string {
  return `Basic realm=${quotedString(realm)}, charset="UTF-8"`;
}

/** Parameters of a `DPoP` challenge (RFC 9449 §7.1), in the order they are written. */
export interface DpopChallengeParameters {
  readonly realm: string;
  readonly error?: string | undefined;
  readonly error_description?: string | undefined;
  /** The JWS algorithms the resource server accepts in proofs, space-separated. */
  readonly algs: string;
}

/**
 * A `WWW-Authenticate: DPoP …` value (RFC 9449 §7.1): `DPoP realm="…"`, then `error` and
 * `error_description` when given, and `algs`, every value a quoted-string.
 */
export function dpopChallenge(parameters: DpopChallengeParameters): string {
  let challenge = `DPoP realm=${quotedString(parameters.realm)}`;
  for (const name of ["error", "error_description", "algs"] as const) {
    const value = parameters[name];
    if (value !== undefined) challenge += `, ${name}=${quotedString(value)}`;
  }
  return challenge;
}
