import { OAuthError } from "../protocol/errors.js";
import { readBody } from "../http/body.js";
import { decodeFormComponent, isFormMediaType } from "../lib/form.js";

/** Where {@link readBearerToken} may look for a token besides the `Authorization` header. */
export interface BearerTokenSources {
  /** The `WWW-Authenticate` realm of the errors it throws. */
  readonly realm: string;
  /** Accept an `access_token` form body parameter (RFC 6750 §2.2). */
  readonly allowTokenInBody: boolean;
  /** Accept an `access_token` query parameter (RFC 6750 §2.3). */
  readonly allowTokenInQuery: boolean;
  /** The largest form body searched, in bytes. */
  readonly maxBodyBytes: number;
}

/**
 * RFC 6750 §2.1: `b64token = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="`.
 * Every method of sending a token must carry one of these.
 */
const b64token = /^[A-Za-z0-9\-._~+/]+=*$/;

/** `Bearer`, one or more spaces, one b64token; the scheme in any letter case (RFC 9110 §11.1). */
const bearerCredentials = /^Bearer +([A-Za-z0-9\-._~+/]+=*)$/i;

/** Methods whose request body has defined semantics (RFC 6750 §2.2 forbids GET). */
const bodyMethods = new Set(["POST", "PUT", "PATCH"]);

/**
 * Finds the access token of a request to a protected resource, the one way it was sent:
 * - `Authorization: Bearer <b64token>` (RFC 6750 §2.1), always;
 * - an `access_token` form body parameter (§2.2), only with `allowTokenInBody`, in a POST, PUT or
 *   PATCH with an `application/x-www-form-urlencoded` body, read from a clone so the handler can
 *   still read the request's own body;
 * - an `access_token` query parameter (§2.3), only with `allowTokenInQuery`.
 *
 * Throws an {@link OAuthError}: with no token at all (an `Authorization` header of another
 * scheme counts as none), the bare `Bearer realm` challenge (401, no error information,
 * RFC 6750 §3.1); a malformed or repeated token, or a token sent more than one way, 400
 * `invalid_request` (RFC 6750 §2, §3.1); a form body over `maxBodyBytes`, 413.
 */
export async function readBearerToken(request: Request, sources: BearerTokenSources): Promise<string> {
  const { realm } = sources;
  const found: string[] = [];

  const authorization = request.headers.get("authorization");
  if (authorization !== null && isBearerScheme(authorization)) {
    const match = bearerCredentials.exec(authorization);
    if (match === null) {
      throw OAuthError.invalidBearerRequest("The Authorization header is not a well-formed Bearer token.", realm);
    }
    found.push(match[1] as string);
  }

  if (sources.allowTokenInQuery) {
    const token = fromQuery(request.url, realm);
    if (token !== undefined) found.push(token);
  }

  if (sources.allowTokenInBody && bodyMethods.has(request.method) && isFormMediaType(request.headers.get("content-type"))) {
    const token = await fromFormBody(request, sources.maxBodyBytes, realm);
    if (token !== undefined) found.push(token);
  }

  if (found.length > 1) {
    throw OAuthError.invalidBearerRequest("The request uses more than one method to send the access token.", realm);
  }
  const [token] = found;
  if (token === undefined) throw OAuthError.bearerChallenge(realm);
  return token;
}

/** Whether an `Authorization` value uses the Bearer scheme: `Bearer`, alone or before a space. */
function isBearerScheme(authorization: string): boolean {
  return /^bearer(?:[ \t]|$)/i.test(authorization);
}

function fromQuery(url: string, realm: string): string | undefined {
  const start = url.indexOf("?");
  if (start === -1) return undefined;
  const end = url.indexOf("#", start);
  const values = new URLSearchParams(url.slice(start + 1, end === -1 ? undefined : end)).getAll("access_token");
  return checkedParameter(values, realm);
}

async function fromFormBody(request: Request, maxBodyBytes: number, realm: string): Promise<string | undefined> {
  let bytes: Uint8Array;
  try {
    bytes = await readBody(request.clone(), maxBodyBytes);
  } catch (error) {
    // RFC 6750 §3: this refusal carries the Bearer challenge too, like every other.
    if (error instanceof OAuthError) throw OAuthError.invalidBearerRequest(error.description, realm, { status: error.status });
    throw error;
  }
  // Only `access_token` is this code's business: other parameters may repeat or be in any
  // encoding the application accepts. The token itself is ASCII, checked below.
  const text = new TextDecoder().decode(bytes);
  const values: string[] = [];
  for (const pair of text.split("&")) {
    const equals = pair.indexOf("=");
    const name = decodeFormComponent(equals === -1 ? pair : pair.slice(0, equals));
    if (name !== "access_token") continue;
    const value = equals === -1 ? "" : decodeFormComponent(pair.slice(equals + 1));
    if (value === undefined) {
      throw OAuthError.invalidBearerRequest("The access_token parameter is malformed.", realm);
    }
    values.push(value);
  }
  return checkedParameter(values, realm);
}

/**
 * The token of an `access_token` parameter: none when absent or sent empty (RFC 6749 §3.2:
 * a parameter without a value counts as omitted); an error when repeated or not a b64token.
 */
function checkedParameter(values: readonly string[], realm: string): string | undefined {
  if (values.length > 1) throw OAuthError.invalidBearerRequest("The access_token parameter is repeated.", realm);
  const [value] = values;
  if (value === undefined || value === "") return undefined;
  if (!b64token.test(value)) throw OAuthError.invalidBearerRequest("The access_token parameter is malformed.", realm);
  return value;
}
