import { decodeJwt, jwtVerify } from "jose";
import { encodeBase64Url } from "../../lib/base64.js";
import { sha256 } from "../../lib/sha256.js";
import { utf8Encoder } from "../../lib/utf8.js";
import { OAuthError } from "../../protocol/errors.js";
import type { ReplayStore } from "../../storage/replay.js";
import type { ClientAssertionSettings } from "./assertion-options.js";
import { createClientKeys } from "./client-keys.js";
import type { ClientAuthenticationStrategy } from "./strategy.js";

/** RFC 7523 §2.2: the `client_assertion_type` of a JWT client assertion. */
export const jwtBearerAssertionType = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

/** The longest assertion read: a JWT of a few claims is well under 2 KiB, an RSA signature included. */
const maxAssertionLength = 8192;

/** What a `private_key_jwt` strategy needs of the server. */
export interface PrivateKeyJwtContext {
  readonly settings: ClientAssertionSettings;
  /** The audiences an assertion may name: the issuer first, then (unless strict) the token endpoint URL. */
  readonly audiences: readonly string[];
  readonly replay: ReplayStore;
  readonly now: () => number;
}

/**
 * `private_key_jwt` (RFC 7523 §2.2, §3; RFC 7521 §4.2; OpenID Connect Core §9): the client
 * proves possession of a private key by a JWT it signed, sent as `client_assertion` with
 * `client_assertion_type` {@link jwtBearerAssertionType}. Such a client has no secret.
 *
 * Checked before the client is looked up, from the claims alone: `iss` and `sub` both the client
 * id (and `client_id`, if sent, the same), `aud` this server (see `clientAssertions.audience`),
 * `exp` present, not past and at most `maxLifetime` ahead, `iat` and `nbf` not in the future,
 * `jti` present, all within `clockTolerance`. Then the signature, by a key of that client, with
 * an accepted asymmetric algorithm (never `none` or HMAC; the client's
 * `tokenEndpointAuthSigningAlg` if it has one); then the `jti` is reserved until `exp`, atomically,
 * so a replayed assertion fails. Failures are 400 `invalid_client` without a challenge: the client
 * did not use HTTP authentication (RFC 6749 §5.2).
 */
export function privateKeyJwt(context: PrivateKeyJwtContext): ClientAuthenticationStrategy {
  const { settings, replay, now } = context;
  const failed = (description: string) => OAuthError.invalidClient(description);
  const keysOf = createClientKeys(settings);
  return {
    method: "private_key_jwt",
    present(form) {
      const assertion = form.params.get("client_assertion");
      const type = form.params.get("client_assertion_type");
      if (assertion === undefined && type === undefined) return undefined;
      if (type !== jwtBearerAssertionType) throw failed("The client_assertion_type is missing or not supported.");
      if (assertion === undefined) throw failed("The client_assertion parameter is missing.");
      const claims = readClaims(assertion, context);
      const bodyClientId = form.params.get("client_id");
      if (bodyClientId !== undefined && bodyClientId !== claims.sub) {
        throw OAuthError.invalidRequest("The client_id parameter does not match the client assertion.");
      }
      return {
        clientId: claims.sub,
        method: "private_key_jwt",
        failed,
        async verify(client) {
          const allowed = client?.tokenEndpointAuthSigningAlg;
          const algorithms = allowed === undefined ? [...settings.algorithms] : settings.algorithms.filter((alg) => alg === allowed);
          try {
            await jwtVerify(assertion, keysOf(client), {
              algorithms,
              currentDate: new Date(now()),
              clockTolerance: settings.clockTolerance,
            });
          } catch {
            // One description for every key and signature failure: which one tells nothing useful
            // to the client and would tell a stranger which client ids exist.
            throw failed("The client assertion is not signed by a key of the client.");
          }
          if (client === undefined) return false;
          const key = `assertion:${encodeBase64Url(sha256(utf8Encoder.encode(`${claims.sub} ${claims.jti}`)))}`;
          if (!(await replay.reserve(key, Math.ceil(claims.exp + settings.clockTolerance)))) {
            throw failed("The client assertion was used before.");
          }
          return true;
        },
      };
    },
  };
}

/** The claims of an assertion, read unverified and checked as far as they can be without the client. */
function readClaims(assertion: string, context: PrivateKeyJwtContext): { sub: string; jti: string; exp: number } {
  const failed = (description: string) => OAuthError.invalidClient(description);
  let claims: Record<string, unknown>;
  try {
    if (assertion.length > maxAssertionLength) throw new TypeError("too long");
    claims = decodeJwt(assertion);
  } catch {
    throw failed("The client assertion is not a well-formed JWT.");
  }
  const { iss, sub, aud, exp, iat, nbf, jti } = claims;
  if (typeof sub !== "string" || sub === "" || iss !== sub) throw failed("The client assertion's iss and sub must both be the client id.");
  if (!audienceAccepted(aud, context)) throw failed("The client assertion is not meant for this server (aud).");
  if (typeof jti !== "string" || jti === "" || jti.length > 512) throw failed("The client assertion lacks a jti.");
  const { clockTolerance, maxLifetime } = context.settings;
  const seconds = context.now() / 1000;
  if (typeof exp !== "number" || !Number.isFinite(exp)) throw failed("The client assertion lacks an exp.");
  if (exp <= seconds - clockTolerance) throw failed("The client assertion expired.");
  if (exp > seconds + maxLifetime + clockTolerance) throw failed("The client assertion expires too far in the future.");
  for (const time of [iat, nbf]) {
    if (time !== undefined && (typeof time !== "number" || time > seconds + clockTolerance)) {
      throw failed("The client assertion is not valid yet (iat or nbf).");
    }
  }
  return { sub, jti, exp };
}

/** Whether `aud` names this server as `clientAssertions.audience` allows. */
function audienceAccepted(aud: unknown, { audiences, settings }: PrivateKeyJwtContext): boolean {
  if (settings.strictAudience) return aud === audiences[0] || (Array.isArray(aud) && aud.length === 1 && aud[0] === audiences[0]);
  const values = typeof aud === "string" ? [aud] : Array.isArray(aud) ? aud : [];
  return values.some((value) => audiences.includes(value as string));
}
