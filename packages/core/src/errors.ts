import { noStoreHeaders } from "./lib/json-response.js";

/**
 * The `error` codes a token endpoint answers with: RFC 6749 §5.2, plus `server_error` and
 * `temporarily_unavailable` (RFC 6749 §4.1.2.1) for failures on the server's side.
 */
export type OAuthErrorCode =
  | "invalid_request"
  | "invalid_client"
  | "invalid_grant"
  | "unauthorized_client"
  | "unsupported_grant_type"
  | "invalid_scope"
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
}

const defaultStatus: Readonly<Record<OAuthErrorCode, number>> = {
  invalid_request: 400,
  invalid_client: 401,
  invalid_grant: 400,
  unauthorized_client: 400,
  unsupported_grant_type: 400,
  invalid_scope: 400,
  server_error: 500,
  temporarily_unavailable: 503,
};

/**
 * An OAuth error response, as data: the RFC 6749 §5.2 `error` code, a fixed human-readable
 * description, the HTTP status and any headers. Thrown inside the server (and by grants) and
 * rendered with {@link OAuthError.toResponse}; it never escapes `respondToTokenRequest`.
 *
 * Descriptions are fixed strings chosen by the server: they never echo request input, so no
 * secret, token or attacker-controlled text reaches a response or a log through them.
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

  constructor(code: OAuthErrorCode, description: string, init: OAuthErrorInit = {}) {
    super(description, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = "OAuthError";
    this.code = code;
    this.description = description;
    this.status = init.status ?? defaultStatus[code];
    this.headers = init.headers ?? {};
  }

  /** The RFC 6749 §5.2 JSON body. */
  toJSON(): { error: OAuthErrorCode; error_description: string } {
    return { error: this.code, error_description: this.description };
  }

  /** Renders the error as an RFC 6749 §5.2 response: JSON, `Cache-Control: no-store`. */
  toResponse(): Response {
    const headers = new Headers(noStoreHeaders);
    for (const [name, value] of Object.entries(this.headers)) headers.set(name, value);
    return new Response(JSON.stringify(this.toJSON()), { status: this.status, headers });
  }

  /** 400 `invalid_request`: a missing, repeated or malformed parameter (RFC 6749 §5.2). */
  static invalidRequest(description: string, init?: OAuthErrorInit): OAuthError {
    return new OAuthError("invalid_request", description, init);
  }

  /**
   * 401 `invalid_client`: client authentication failed. `challenge` is the `WWW-Authenticate`
   * value: RFC 9110 §15.5.2 requires one with every 401, and RFC 6749 §5.2 requires the scheme
   * the client tried.
   */
  static invalidClient(description: string, challenge: string): OAuthError {
    return new OAuthError("invalid_client", description, { headers: { "www-authenticate": challenge } });
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

  /** 500 `server_error`: something unexpected; the cause goes to `onError`, never to the client. */
  static serverError(cause?: unknown): OAuthError {
    return new OAuthError(
      "server_error",
      "The authorization server encountered an unexpected condition.",
      cause === undefined ? {} : { cause },
    );
  }
}
