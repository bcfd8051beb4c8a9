import { clientAuthenticationMethods } from "./client-auth.js";
import type { ResolvedOptions } from "./options.js";

/**
 * The RFC 8414 authorization server metadata document.
 *
 * `response_types_supported` is REQUIRED by RFC 8414 §2 even for a server without an
 * authorization endpoint. Every response type (RFC 6749 §3.1.1) is a request to that endpoint,
 * which Tessera does not have, so it publishes the truthful answer: an empty array. For the
 * same reason `authorization_endpoint` is absent (§2: required only "unless no grant types are
 * supported that use the authorization endpoint").
 */
export interface AuthorizationServerMetadata {
  readonly issuer: string;
  readonly token_endpoint: string;
  readonly jwks_uri: string;
  readonly response_types_supported: readonly string[];
  readonly grant_types_supported: readonly string[];
  readonly token_endpoint_auth_methods_supported: readonly string[];
  readonly scopes_supported?: readonly string[];
}

/** Builds the metadata document; called once, at start-up. */
export function buildMetadata(
  options: ResolvedOptions,
  scopes: readonly string[] | undefined,
): AuthorizationServerMetadata {
  return {
    issuer: options.issuer,
    token_endpoint: options.origin + options.tokenEndpointPath,
    jwks_uri: options.origin + options.jwksPath,
    response_types_supported: [],
    grant_types_supported: [...options.grants.keys()],
    token_endpoint_auth_methods_supported: clientAuthenticationMethods,
    ...(scopes === undefined ? {} : { scopes_supported: scopes }),
  };
}
