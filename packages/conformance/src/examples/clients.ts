/**
 * The clients the example suites register through `OAUTH_CLIENTS`, in the RFC 7591 names of the
 * examples' contract, and the demo client every example serves without it.
 */

/** A client's id and secret. */
export interface Credentials {
  readonly client_id: string;
  readonly client_secret: string;
}

/** A client that may use both authentication methods, with scopes `read write`. */
export const service = { client_id: "service", client_secret: "service-s3cret-value", scope: "read write" } as const;

/** A client held to `client_secret_post`. */
export const postOnly = {
  client_id: "post-only",
  client_secret: "post-only-s3cret-value",
  scope: "read",
  token_endpoint_auth_method: "client_secret_post",
} as const;

/** `OAUTH_CLIENTS` registering {@link service} and {@link postOnly}. */
export const clientsJson = JSON.stringify({ clients: [service, postOnly] });

/** The demo client every example serves when `OAUTH_CLIENTS` is not set, with its published secret. */
export const demoClient = { client_id: "demo-client", client_secret: "demo-secret" } as const;
