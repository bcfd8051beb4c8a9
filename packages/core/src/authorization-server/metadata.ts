import { clientAuthenticationMethods } from "./client-auth/authenticate.js";
import type { ResolvedOptions } from "./options.js";

/**
 * The RFC 8414 authorization server metadata document.
 *
 * `response_types_supported` is an empty array: §2 requires the member, and this server has no
 * authorization endpoint, so it supports no response type (docs/decisions has the reasoning
 * against omitting it). `authorization_endpoint` is absent, as §2 allows for a server whose grants
 * do not use one.
 */
export interface AuthorizationServerMetadata {
  readonly issuer: string;
  readonly token_endpoint: string;
  readonly jwks_uri: string;
  readonly response_types_supported: readonly string[];
  readonly grant_types_supported: readonly string[];
  readonly token_endpoint_auth_methods_supported: readonly string[];
  /** Present only when the server has a `revocations` store (RFC 7009). */
  readonly revocation_endpoint?: string;
  readonly revocation_endpoint_auth_methods_supported?: readonly string[];
  readonly introspection_endpoint: string;
  readonly introspection_endpoint_auth_methods_supported: readonly string[];
  readonly scopes_supported?: readonly string[];
}

/** Builds the metadata document; called once, at start-up. */
export function buildMetadata(
  options: ResolvedOptions,
  scopes: readonly string[] | undefined,
): AuthorizationServerMetadata {
  return {
    issuer: options.issuer,
    token_endpoint: options.origin + options.paths.token,
    jwks_uri: options.origin + options.paths.jwks,
    response_types_supported: [],
    grant_types_supported: [...options.grants.keys()],
    token_endpoint_auth_methods_supported: clientAuthenticationMethods,
    // RFC 8414 §2: advertised only where the server can revoke; the endpoint still answers
    // `unsupported_token_type` (RFC 7009 §2.2.1) to a client that finds it anyway.
    ...(options.revocations !== undefined
      ? {
          revocation_endpoint: options.origin + options.paths.revocation,
          revocation_endpoint_auth_methods_supported: clientAuthenticationMethods,
        }
      : {}),
    introspection_endpoint: options.origin + options.paths.introspection,
    introspection_endpoint_auth_methods_supported: clientAuthenticationMethods,
    ...(scopes === undefined ? {} : { scopes_supported: scopes }),
  };
}
