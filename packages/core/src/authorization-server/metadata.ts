import { enabledClientAuthenticationMethods } from "./client-auth/methods.js";
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
  /** The algorithms `private_key_jwt` assertions may use, when that method is supported. */
  readonly token_endpoint_auth_signing_alg_values_supported?: readonly string[];
  /** Present only when the server has a `revocations` store (RFC 7009). */
  readonly revocation_endpoint?: string;
  readonly revocation_endpoint_auth_methods_supported?: readonly string[];
  readonly revocation_endpoint_auth_signing_alg_values_supported?: readonly string[];
  readonly introspection_endpoint: string;
  readonly introspection_endpoint_auth_methods_supported: readonly string[];
  readonly introspection_endpoint_auth_signing_alg_values_supported?: readonly string[];
  /** The algorithms DPoP proofs may use (RFC 9449 §5.1). */
  readonly dpop_signing_alg_values_supported: readonly string[];
  readonly scopes_supported?: readonly string[];
}

/** Builds the metadata document; called once, at start-up. */
export function buildMetadata(
  options: ResolvedOptions,
  scopes: readonly string[] | undefined,
): AuthorizationServerMetadata {
  const methods = enabledClientAuthenticationMethods(options.profile);
  const signingAlgs = methods.includes("private_key_jwt") ? options.clientAssertions.algorithms : undefined;
  const withAlgs = (name: string) => (signingAlgs === undefined ? {} : { [name]: signingAlgs });
  return {
    issuer: options.issuer,
    token_endpoint: options.origin + options.paths.token,
    jwks_uri: options.origin + options.paths.jwks,
    response_types_supported: [],
    grant_types_supported: [...options.grants.keys()],
    token_endpoint_auth_methods_supported: methods,
    ...withAlgs("token_endpoint_auth_signing_alg_values_supported"),
    // RFC 8414 §2: advertised only where the server can revoke; the endpoint still answers
    // `unsupported_token_type` (RFC 7009 §2.2.1) to a client that finds it anyway.
    ...(options.revocations !== undefined
      ? {
          revocation_endpoint: options.origin + options.paths.revocation,
          revocation_endpoint_auth_methods_supported: methods,
          ...withAlgs("revocation_endpoint_auth_signing_alg_values_supported"),
        }
      : {}),
    introspection_endpoint: options.origin + options.paths.introspection,
    introspection_endpoint_auth_methods_supported: methods,
    ...withAlgs("introspection_endpoint_auth_signing_alg_values_supported"),
    dpop_signing_alg_values_supported: options.dpop.algorithms,
    ...(scopes === undefined ? {} : { scopes_supported: scopes }),
  };
}
