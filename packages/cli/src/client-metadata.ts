import {
  InMemoryClientRepository,
  parseScope,
  type Client,
  type ClientAuthenticationMethod,
  type ClientRegistration,
} from "@tessera/core";
import { listOption, secondsOption, stringOption, type CommandArgs, type OptionSpec } from "./command.js";
import { usageError } from "./exit-codes.js";

/**
 * The client fields `clients create` and `clients update` take, named as `OAUTH_CLIENTS` names
 * them (RFC 7591 client metadata, and Tessera's own rules in the same style); the client_id is
 * the command's argument and the secret is generated.
 */
export const clientFieldOptions: Readonly<Record<string, OptionSpec>> = {
  scope: { type: "string", value: '"<scope> <scope>…"', description: "Scopes the client may be granted, space-delimited" },
  grant_types: { type: "string", multiple: true, value: "<grant_type>", description: "Grant types (default client_credentials)" },
  token_endpoint_auth_method: {
    type: "string",
    value: "<method>",
    description: "client_secret_basic or client_secret_post (default: either)",
  },
  resources: { type: "string", multiple: true, value: "<uri>", description: "Resources (RFC 8707) it may name; its tokens' aud" },
  default_resources: { type: "string", multiple: true, value: "<uri>", description: "The aud when it names none; among resources" },
  access_token_ttl: { type: "string", value: "<seconds>", description: "Its access token lifetime (default: the server's)" },
  introspection: { type: "string", value: "<true|false>", description: "Whether it may introspect any token (RFC 7662)" },
  disabled: { type: "string", value: "<true|false>", description: "Whether it is refused (invalid_client)" },
};

/** The metadata of a client as the commands print it: `OAUTH_CLIENTS`'s names, no secret or hash. */
export interface ClientMetadataOutput {
  readonly client_id: string;
  readonly scope: string;
  readonly grant_types: readonly string[];
  readonly [field: string]: unknown;
}

/** A stored client in RFC 7591 names; of its secrets, only when each stops being accepted. */
export function toMetadata(client: Client): ClientMetadataOutput {
  const optional: Record<string, unknown> = {
    client_name: client.clientName,
    token_endpoint_auth_method: client.tokenEndpointAuthMethod,
    token_endpoint_auth_signing_alg: client.tokenEndpointAuthSigningAlg,
    jwks_uri: client.jwksUri,
    jwks: client.jwks,
    dpop_bound_access_tokens: client.dpopBoundAccessTokens,
    resources: client.resources,
    default_resources: client.defaultResources,
    access_token_ttl: client.accessTokenTtl,
  };
  return {
    client_id: client.clientId,
    scope: client.scopes.join(" "),
    grant_types: client.grantTypes,
    ...Object.fromEntries(Object.entries(optional).filter(([, value]) => value !== undefined)),
    introspection: client.introspection === true,
    disabled: client.disabled === true,
    secrets: (client.secrets ?? []).map((secret) => ({ expires_at: secret.expiresAt ?? null })),
  };
}

/** The fields given on the command line, as `ClientRegistration` members; absent ones left out. */
export function fieldsFromOptions(args: CommandArgs, command: string): Partial<ClientRegistration> {
  const fields: Record<string, unknown> = {};
  const scope = stringOption(args, "scope");
  if (scope !== undefined) fields.scopes = scopesOf(scope, command);
  const lists = { grant_types: "grantTypes", resources: "resources", default_resources: "defaultResources" } as const;
  for (const [option, field] of Object.entries(lists)) {
    const values = listOption(args, option);
    // An empty value clears the list: `--resources ''`.
    if (values !== undefined) fields[field] = values.filter((value) => value !== "");
  }
  const method = stringOption(args, "token_endpoint_auth_method");
  if (method !== undefined) fields.tokenEndpointAuthMethod = method === "" ? undefined : (method as ClientAuthenticationMethod);
  if (stringOption(args, "access_token_ttl") !== undefined) fields.accessTokenTtl = secondsOption(args, command, "access_token_ttl", 0);
  for (const [option, field] of [["introspection", "introspection"], ["disabled", "disabled"]] as const) {
    const value = stringOption(args, option);
    if (value === undefined) continue;
    if (value !== "true" && value !== "false") throw usageError(`--${option} must be true or false`, command);
    fields[field] = value === "true";
  }
  return fields;
}

function scopesOf(scope: string, command: string): string[] {
  try {
    return parseScope(scope);
  } catch {
    throw usageError("--scope must be scope tokens separated by single spaces (RFC 6749 §3.3)", command);
  }
}

/**
 * The client `registration` describes, checked by the same rules as the server's own client
 * registrations (a mistake is a usage error naming the field as `OAUTH_CLIENTS` does).
 */
export async function checkedClient(registration: ClientRegistration, command: string): Promise<Client> {
  try {
    const client = await new InMemoryClientRepository([registration]).getClient(registration.clientId);
    if (client === undefined) throw new Error("the client just registered is missing");
    return client;
  } catch (error) {
    if (error instanceof TypeError && (error as { code?: unknown }).code === "ERR_INVALID_ARG_VALUE") {
      throw usageError(inMetadataNames(error.message), command);
    }
    throw error;
  }
}

/** The core's option names in its messages, and the names `OAUTH_CLIENTS` and these commands use. */
const metadataNames: Readonly<Record<string, string>> = {
  clientId: "client_id",
  clientSecretHash: "client_secret_hash",
  clientSecret: "client_secret",
  scopes: "scope",
  grantTypes: "grant_types",
  tokenEndpointAuthMethod: "token_endpoint_auth_method",
  defaultResources: "default_resources",
  accessTokenTtl: "access_token_ttl",
};

function inMetadataNames(message: string): string {
  return message
    .replace(/^clients: /, "")
    .replace(/\b(clientId|clientSecretHash|clientSecret|scopes|grantTypes|tokenEndpointAuthMethod|defaultResources|accessTokenTtl)\b/g, (name) => metadataNames[name] ?? name);
}
