import { publicTestJwk } from "./test-keys.js";

/** The clients every scenario server has; ids and secrets exercise the encoding rules. */
export const scenarioClients = {
  /** May use either method; `scopes: read write`, default `read`. */
  service: { clientId: "service", clientSecret: "s3cret-service-secret", scopes: ["read", "write"], defaultScopes: ["read"] },
  /** Registered for `client_secret_post` only. */
  postOnly: { clientId: "post-only", clientSecret: "post-only-secret", scopes: ["read"], tokenEndpointAuthMethod: "client_secret_post" },
  /** Registered for `client_secret_basic` only. */
  basicOnly: { clientId: "basic-only", clientSecret: "basic-only-secret", scopes: ["read"], tokenEndpointAuthMethod: "client_secret_basic" },
  /** An id with a space and a colon, a secret with every character form encoding changes. */
  awkward: { clientId: "awkward id:1", clientSecret: "p:a%s+s&w=o rd", scopes: ["read"] },
  /** Not allowed the client credentials grant. */
  noGrant: { clientId: "no-grant", clientSecret: "no-grant-secret", scopes: ["read"], grantTypes: ["authorization_code"] },
  /** Allowed a scope the server has not registered. */
  unregistered: { clientId: "unregistered", clientSecret: "unregistered-secret", scopes: ["read", "ghost"] },
  /** Allowed two resources (RFC 8707), neither by default. */
  resourceful: {
    clientId: "resourceful",
    clientSecret: "resourceful-secret",
    scopes: ["read"],
    resources: ["https://api.example.com", "https://ledger.example.com/v1"],
  },
  /** Gets `https://api.example.com` when it names no resource. */
  defaulted: {
    clientId: "defaulted",
    clientSecret: "defaulted-secret",
    scopes: ["read"],
    resources: ["https://api.example.com"],
    defaultResources: ["https://api.example.com"],
  },
  /** May introspect any token (RFC 7662 §2.1). */
  auditor: { clientId: "auditor", clientSecret: "auditor-secret", scopes: ["read"], introspection: true },
  /** Disabled: its right secret is refused like a wrong one. */
  disabled: { clientId: "disabled", clientSecret: "disabled-secret", scopes: ["read"], disabled: true },
  /** Authenticates with `private_key_jwt` (RFC 7523) and the test key `assertionKey`; has no secret. */
  keyClient: {
    clientId: "key-client",
    scopes: ["read"],
    tokenEndpointAuthMethod: "private_key_jwt",
    jwks: { keys: [publicTestJwk("assertionKey")] },
  },
  /** Another `private_key_jwt` client, with the test key `otherClientKey`. */
  otherKeyClient: {
    clientId: "other-key-client",
    scopes: ["read"],
    tokenEndpointAuthMethod: "private_key_jwt",
    jwks: { keys: [publicTestJwk("otherClientKey")] },
  },
  /** Must bind every token to a DPoP key (RFC 9449 §5.2 `dpop_bound_access_tokens`). */
  dpopBound: { clientId: "dpop-bound", clientSecret: "dpop-bound-secret", scopes: ["read"], dpopBoundAccessTokens: true },
} as const;

/**
 * The scenario clients in RFC 7591 client metadata names (`client_id`, `scope`, `jwks`,
 * `dpop_bound_access_tokens`, …, plus Tessera's `resources`, `default_resources`,
 * `introspection` and `disabled`), as a
 * `{"clients": [...]}` JSON document: for a server configured from client metadata, such as the
 * examples' `OAUTH_CLIENTS`, to run the scenario tables.
 */
export function scenarioClientsMetadataJson(): string {
  const clients = Object.values(scenarioClients).map((client) => {
    const registration = client as Partial<Record<string, unknown>> & { clientId: string; scopes: readonly string[] };
    return {
      client_id: registration.clientId,
      ...(registration.clientSecret === undefined ? {} : { client_secret: registration.clientSecret }),
      scope: registration.scopes.join(" "),
      ...(registration.grantTypes === undefined ? {} : { grant_types: registration.grantTypes }),
      ...(registration.tokenEndpointAuthMethod === undefined ? {} : { token_endpoint_auth_method: registration.tokenEndpointAuthMethod }),
      ...(registration.resources === undefined ? {} : { resources: registration.resources }),
      ...(registration.defaultResources === undefined ? {} : { default_resources: registration.defaultResources }),
      ...(registration.introspection === undefined ? {} : { introspection: registration.introspection }),
      ...(registration.disabled === undefined ? {} : { disabled: registration.disabled }),
      ...(registration.jwks === undefined ? {} : { jwks: registration.jwks }),
      ...(registration.dpopBoundAccessTokens === undefined ? {} : { dpop_bound_access_tokens: registration.dpopBoundAccessTokens }),
    };
  });
  return JSON.stringify({ clients });
}

/** The scopes a scenario server registers. */
export const scenarioScopes = ["read", "write", "admin"] as const;

/** The issuer a scenario server uses unless told otherwise. */
export const scenarioIssuer = "http://localhost";
