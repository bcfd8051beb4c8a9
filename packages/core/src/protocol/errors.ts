import { bearerChallenge } from "./challenges.js";
import { noStoreHeaders, noStoreJsonHeaders } from "./response-headers.js";

/**
 * The `error` codes Tessera answers with: those of the token endpoint (RFC 6749 §5.2), those of
 * a resource server (`invalid_token` and `insufficient_scope`, RFC 6750 §3.1; `invalid_request`
 * is shared), `invalid_target` for a resource indicator (RFC 8707 §2), `unsupported_token_type`
 * at the revocation endpoint (RFC 7009 §2.2.1), `invalid_dpop_proof` and `use_dpop_nonce` for DPoP
 * (RFC 9449 §5, §7.1, §8), plus `server_error` and
 * `temporarily_unavailable` (RFC 6749 §4.1.2.1) for failures on the server's side.
 */
export type OAuthErrorCode =
  | "invalid_request"
  | "invalid_client"
  | "invalid_grant"
  | "unauthorized_client"
  | "unsupported_grant_type"
  | "invalid_scope"
  | "invalid_target"
  | "unsupported_token_type"
  | "invalid_token"
  | "insufficient_scope"
  | "invalid_dpop_proof"
  | "use_dpop_nonce"
  | "server_error"
  | "temporarily_unavailable";

/** Extra settings for an {@link OAuthError}. */
export interface OAuthErrorInit {
  /** HTTP status; defaults to the status RFC 6749 §5.2 gives the code. */
  status?: number;
  /** Headers added to the error response (for example `WWW-Authenticate` or `Allow`). */
  headers?: Readonly<Record<string, string>>;
  /** The underlying failure, kept for `onError`; never rendered. */
  cause?: unknown;
  /**
   * Render the status and headers only, without the error body. See
   * {@link OAuthError.challengeOnly}. @defaultValue false
   */
  challengeOnly?: boolean;
}

const defaultStatus: Readonly<Record<OAuthErrorCode, number>> = {
  invalid_request: 400,
  invalid_client: 401,
  invalid_grant: 400,
  unauthorized_client: 400,
  unsupported_grant_type: 400,
  invalid_scope: 400,
  invalid_target: 400,
  unsupported_token_type: 400,
  invalid_token: 401,
  insufficient_scope: 403,
  invalid_dpop_proof: 400,
  use_dpop_nonce: 400,
  server_error: 500,
  temporarily_unavailable: 503,
};

/**
 * An OAuth error response, as data: the `error` code, a fixed human-readable description, the
 * HTTP status and any headers. The authorization server throws it inside (and grants do) and
 * renders it with {@link OAuthError.toResponse}; it never escapes `respondToTokenRequest`. A
 * resource server rejects with it, for the caller to render the same way.
 *
 * Descriptions are fixed strings chosen by the server: they never echo request input, so no
 * secret, token or attacker-controlled text reaches a response or a log through them.
 *
 * One case renders no error at all: a request to a protected resource that carries no access
 * token gets `401` with `WWW-Authenticate: Bearer realm="…"` and nothing else, as RFC 6750 §3.1
 * asks ("the resource server SHOULD NOT include an error code or other error information").
 * That error is {@link OAuthError.challengeOnly}; see {@link OAuthError.bearerChallenge}.
 *
 * The factories (`OAuthError.invalidRequest(…)` and so on) are the intended way to create one.
 */
export class OAuthError extends Error {
  /** The RFC 6749 §5.2 `error` code. */
  readonly code: OAuthErrorCode;
  /** The `error_description`: fixed text, safe to show to the client. */
  readonly description: string;
  /** The HTTP status of the rendered response. */
  readonly status: number;
  /** Extra response headers (for example `WWW-Authenticate`). */
  readonly headers: Readonly<Record<string, string>>;
  /**
   * Whether the response is a bare authentication challenge: {@link OAuthError.toResponse}
   * renders the status and headers with an empty body, and no error code reaches the client.
   * Only {@link OAuthError.bearerChallenge} sets it, for a request without any access token
   * (RFC 6750 §3.1). `code` (`invalid_request`, what the request lacks) and `description` are
   * still set, for the application's logs and branching: `challengeOnly` tells "no token" apart
   * from every other failure.
   */
  readonly challengeOnly: boolean;

  /**
   * Whether `value` is an OAuthError, from this copy of `@tessera/core` or another: where a
   * bundler loads the package twice (Next.js does, for route handlers and for `proxy.ts`),
   * `instanceof` answers for one copy only. Another copy's error is known by its public shape:
   * an `Error` named `OAuthError` with a known `code`, a `description`, a `status`, `headers`,
   * `challengeOnly` and `toResponse`.
   */
  static is(value: unknown): value is OAuthError {
    if (value instanceof OAuthError) return true;
    if (!(value instanceof Error) || value.name !== "OAuthError") return false;
    const { code, description, status, headers, challengeOnly, toResponse } = value as Partial<Record<keyof OAuthError, unknown>>;
    return (
      typeof code === "string" &&
      Object.hasOwn(defaultStatus, code) &&
      typeof description === "string" &&
      typeof status === "number" &&
      typeof headers === "object" &&
      headers !== null &&
      typeof challengeOnly === "boolean" &&
      typeof toResponse === "function"
    );
  }

  constructor(code: OAuthErrorCode, description: string, init: OAuthErrorInit = {}) {
    super(description, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = "OAuthError";
    this.code = code;
    this.description = description;
    this.status = init.status ?? defaultStatus[code];
    this.headers = init.headers ?? {};
    this.challengeOnly = init.challengeOnly ?? false;
  }

  /**
   * The RFC 6749 §5.2 JSON body. For a {@link OAuthError.challengeOnly} error it is what the
   * response leaves out; render errors with {@link OAuthError.toResponse}.
   */
  toJSON(): { error: OAuthErrorCode; error_description: string } {
    return { error: this.code, error_description: this.description };
  }

  /**
   * Renders the error as a response with `Cache-Control: no-store`: the RFC 6749 §5.2 JSON body
   * (`error`, `error_description`) and this error's headers; for a
   * {@link OAuthError.challengeOnly} error, the status and headers alone, with no body.
   */
  toResponse(): Response {
    const { status, headers, body } = renderError(this);
    return new Response(body, { status, headers });
  }

  /** 400 `invalid_request`: a missing, repeated or malformed parameter (RFC 6749 §5.2). */
  static invalidRequest(description: string, init?: OAuthErrorInit): OAuthError {
    return new OAuthError("invalid_request", description, init);
  }

  /**
   * `invalid_client`: client authentication failed. With `challenge`, the `WWW-Authenticate`
   * value, it is a 401: for a client that tried the `Authorization` header, RFC 6749 §5.2 requires
   * the 401 and the scheme it tried, and RFC 9110 §15.5.2 a challenge with every 401. Without, it
   * is a 400 without a challenge, which §5.2 allows for a client that authenticated in the body
   * (`client_secret_post`, a client assertion): no client library mistakes it for a request to
   * authenticate with HTTP.
   */
  static invalidClient(description: string, challenge?: string): OAuthError {
    return challenge === undefined
      ? new OAuthError("invalid_client", description, { status: 400 })
      : new OAuthError("invalid_client", description, { headers: { "www-authenticate": challenge } });
  }

  /** 400 `unauthorized_client`: the client may not use this grant type. */
  static unauthorizedClient(description: string): OAuthError {
    return new OAuthError("unauthorized_client", description);
  }

  /** 400 `unsupported_grant_type`: the server does not support the requested grant type. */
  static unsupportedGrantType(description: string): OAuthError {
    return new OAuthError("unsupported_grant_type", description);
  }

  /** 400 `invalid_scope`: the requested scope is invalid, unknown, malformed or not allowed. */
  static invalidScope(description: string): OAuthError {
    return new OAuthError("invalid_scope", description);
  }

  /**
   * 400 `invalid_target` (RFC 8707 §2): a `resource` parameter is not an absolute URI without a
   * fragment, or names a resource the client may not have a token for.
   */
  static invalidTarget(description: string): OAuthError {
    return new OAuthError("invalid_target", description);
  }

  /**
   * 400 `unsupported_token_type` (RFC 7009 §2.2.1): the server cannot revoke the presented
   * token's type, "the client tried to revoke an access token on a server not supporting this
   * feature".
   */
  static unsupportedTokenType(description: string): OAuthError {
    return new OAuthError("unsupported_token_type", description);
  }

  /**
   * 401 `invalid_token` (RFC 6750 §3.1): the access token is expired, revoked, malformed, or
   * invalid for another reason. Carries `WWW-Authenticate: Bearer realm="…",
   * error="invalid_token", error_description="…"` (RFC 6750 §3).
   *
   * @param realm - the protection space, as the resource server names it.
   */
  static invalidToken(description: string, realm: string, init: { cause?: unknown } = {}): OAuthError {
    return new OAuthError("invalid_token", description, {
      headers: { "www-authenticate": bearerChallenge({ realm, error: "invalid_token", error_description: description }) },
      ...(init.cause === undefined ? {} : { cause: init.cause }),
    });
  }

  /**
   * 403 `insufficient_scope` (RFC 6750 §3.1): the token is valid but lacks scopes the resource
   * needs. The challenge's `scope` attribute lists `requiredScopes` (RFC 6750 §3).
   */
  static insufficientScope(description: string, realm: string, requiredScopes: readonly string[]): OAuthError {
    const scope = requiredScopes.join(" ");
    return new OAuthError("insufficient_scope", description, {
      headers: {
        "www-authenticate": bearerChallenge({ realm, error: "insufficient_scope", error_description: description, scope }),
      },
    });
  }

  /**
   * 400 `invalid_request` at a protected resource (RFC 6750 §3.1): the access token was sent
   * malformed, or by more than one method. Carries a `Bearer` challenge with the error.
   * `status` overrides the 400, for a form body over the size limit (413).
   */
  static invalidBearerRequest(description: string, realm: string, init: { status?: number } = {}): OAuthError {
    return new OAuthError("invalid_request", description, {
      ...(init.status === undefined ? {} : { status: init.status }),
      headers: { "www-authenticate": bearerChallenge({ realm, error: "invalid_request", error_description: description }) },
    });
  }

  /**
   * 401 with only `WWW-Authenticate: Bearer realm="…"`: a request to a protected resource that
   * carries no access token at all (or tried another authentication scheme). RFC 6750 §3.1:
   * "the resource server SHOULD NOT include an error code or other error information", so the
   * error is {@link OAuthError.challengeOnly} and its response has no body. Its `code` is
   * `invalid_request` (what is wrong with the request, for the application), never rendered.
   */
  static bearerChallenge(realm: string): OAuthError {
    return new OAuthError("invalid_request", "The request carries no access token.", {
      status: 401,
      headers: { "www-authenticate": bearerChallenge({ realm }) },
      challengeOnly: true,
    });
  }

  /**
   * 503 `temporarily_unavailable`: a dependency the server needs is out of reach for now (for a
   * resource server, the issuer's metadata or JWKS). `retryAfter`, in seconds, becomes a
   * `Retry-After` header (RFC 9110 §10.2.3). The cause goes to `onError`, never to the client.
   */
  static temporarilyUnavailable(description: string, retryAfter?: number, cause?: unknown): OAuthError {
    return new OAuthError("temporarily_unavailable", description, {
      ...(retryAfter === undefined ? {} : { headers: { "retry-after": String(retryAfter) } }),
      ...(cause === undefined ? {} : { cause }),
    });
  }

  /** 500 `server_error`: something unexpected; the cause goes to `onError`, never to the client. */
  static serverError(cause?: unknown): OAuthError {
    return new OAuthError(
      "server_error",
      "The authorization server encountered an unexpected condition.",
      cause === undefined ? {} : { cause },
    );
  }
}

/** An error as it is sent: status, headers (names in lower case) and body. */
export interface RenderedError {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string | null;
}

/**
 * What {@link OAuthError.toResponse} sends, before it is a `Response`: the base headers with the
 * error's own set over them (case-insensitively, as `Headers` does), and the JSON body unless the
 * error is a bare challenge.
 */
export function renderError(error: OAuthError): RenderedError {
  // A bare challenge has no body, so no content type.
  const headers = new Headers(error.challengeOnly ? noStoreHeaders : noStoreJsonHeaders);
  for (const [name, value] of Object.entries(error.headers)) headers.set(name, value);
  const rendered: Record<string, string> = {};
  headers.forEach((value, name) => (rendered[name] = value));
  const body = error.challengeOnly ? null : JSON.stringify(error.toJSON());
  return { status: error.status, headers: rendered, body };
}
