import { InMemoryClientRepository, parseScope, type Client, type ClientRegistration } from "@tessera/core";
import { ConfigError } from "./config-error.js";
import { readVariableOrFile, type Env, type ReadFile } from "./env.js";

/**
 * A client as `OAUTH_CLIENTS` lists it, in RFC 7591 client metadata names where they exist:
 * `client_id`, one of `client_secret` or `client_secret_hash` (from `hashClientSecret`) — or
 * neither for a `private_key_jwt` client, which gives its public keys as `jwks` or `jwks_uri` —,
 * `scope` (space-delimited), and optionally `grant_types`, `token_endpoint_auth_method`,
 * `token_endpoint_auth_signing_alg` and `dpop_bound_access_tokens` (RFC 9449 §5.2); then
 * Tessera's own rules in the same style: `resources` (RFC 8707 audiences the client may ask
 * for), `default_resources`, `access_token_ttl`, `introspection` and `disabled`.
 */
export interface ClientMetadata {
  readonly client_id: string;
  readonly client_secret?: string;
  readonly client_secret_hash?: string;
  readonly scope: string;
  readonly grant_types?: readonly string[];
  readonly token_endpoint_auth_method?: string;
  /** The client's public keys, a JWK Set (RFC 7591 `jwks`), for `private_key_jwt`. */
  readonly jwks?: { readonly keys: readonly Record<string, unknown>[] };
  /** Where the client publishes its JWK Set (RFC 7591 `jwks_uri`), for `private_key_jwt`. */
  readonly jwks_uri?: string;
  /** The one algorithm its assertions use (RFC 7591 `token_endpoint_auth_signing_alg`). */
  readonly token_endpoint_auth_signing_alg?: string;
  /** Whether every token of the client must be bound to a DPoP key (RFC 9449 §5.2). */
  readonly dpop_bound_access_tokens?: boolean;
  /** Absolute URIs the client may name in `resource` (RFC 8707 §2); the token's `aud`. */
  readonly resources?: readonly string[];
  /** The `aud` when a request names no resource; among `resources`. Default: `OAUTH_AUDIENCE`. */
  readonly default_resources?: readonly string[];
  /** This client's access token lifetime, whole seconds. Default: `OAUTH_ACCESS_TOKEN_TTL`. */
  readonly access_token_ttl?: number;
  /** Whether the client may introspect every token (RFC 7662), not only its own. */
  readonly introspection?: boolean;
  /** Whether the client is refused (`invalid_client`), as if its secret were wrong. */
  readonly disabled?: boolean;
}

/**
 * The client served when neither `OAUTH_CLIENTS` nor `OAUTH_CLIENTS_FILE` is set. Its secret is
 * published here and in the README, so it protects nothing: for trying the examples only.
 */
export const demoClient = Object.freeze({
  client_id: "demo-client",
  client_secret: "demo-secret",
  scope: "read write",
} satisfies ClientMetadata);

const fields: ReadonlySet<string> = new Set([
  "client_id",
  "client_secret",
  "client_secret_hash",
  "scope",
  "grant_types",
  "token_endpoint_auth_method",
  "jwks",
  "jwks_uri",
  "token_endpoint_auth_signing_alg",
  "dpop_bound_access_tokens",
  "resources",
  "default_resources",
  "access_token_ttl",
  "introspection",
  "disabled",
]);

/** RFC 6749 Appendix A.1: a client id is VSCHAR, %x20-7E. */
const clientIdPattern = /^[\x20-\x7E]+$/;

/** Core option names in its messages, and the RFC 7591 names the variable uses for them. */
const metadataNames: Readonly<Record<string, string>> = {
  clientId: "client_id",
  clientSecretHash: "client_secret_hash",
  clientSecret: "client_secret",
  grantTypes: "grant_types",
  tokenEndpointAuthMethod: "token_endpoint_auth_method",
  defaultResources: "default_resources",
  accessTokenTtl: "access_token_ttl",
  jwksUri: "jwks_uri",
  tokenEndpointAuthSigningAlg: "token_endpoint_auth_signing_alg",
  dpopBoundAccessTokens: "dpop_bound_access_tokens",
};

/** The clients the environment configures, and whether `OAUTH_CLIENTS` (or its file) was set. */
export interface ClientsSetting {
  /** The clients of `OAUTH_CLIENTS`; without it, none. Checked, with their secrets hashed. */
  readonly clients: readonly Client[];
  readonly configured: boolean;
}

/** The clients from `OAUTH_CLIENTS` or the file `OAUTH_CLIENTS_FILE` names. */
export async function readClients(env: Env, readFile: ReadFile): Promise<ClientsSetting> {
  const configured = await readVariableOrFile(env, "OAUTH_CLIENTS", readFile);
  if (configured === undefined) return { clients: [], configured: false };
  return { clients: await parseClients(configured.value, configured.variable), configured: true };
}

/** The {@link demoClient}, as a stored client. */
export function demoClients(): Promise<readonly Client[]> {
  return parseClients(JSON.stringify({ clients: [demoClient] }), "OAUTH_CLIENTS");
}

/**
 * Parses an `OAUTH_CLIENTS` document, `{"clients": [ClientMetadata, …]}`, into clients as a store
 * keeps them (secrets hashed). Unknown fields are refused by name, so a typo (`scopes`,
 * `grant_type`) cannot quietly weaken a client; every problem is a {@link ConfigError} naming
 * `variable`.
 */
export async function parseClients(json: string, variable: string): Promise<readonly Client[]> {
  const fail = (problem: string) => new ConfigError(variable, problem);
  let document: unknown;
  try {
    document = JSON.parse(json);
  } catch {
    // The parser's message quotes the input, which holds secrets: say only what is wrong.
    throw fail("is not valid JSON");
  }
  if (!isObject(document)) throw fail('expected a JSON object {"clients": [...]}');
  for (const key of Object.keys(document)) {
    if (key !== "clients") throw fail(`unknown field ${JSON.stringify(key)} (expected "clients")`);
  }
  const { clients } = document;
  if (!Array.isArray(clients)) throw fail('"clients" must be an array of clients');
  if (clients.length === 0) throw fail('"clients" must list at least one client');

  const registrations = clients.map((client: unknown, index) => toRegistration(client, `clients[${index}]`, fail));
  let repository: InMemoryClientRepository;
  try {
    // Checks every registration as the core does, and hashes the secrets.
    repository = new InMemoryClientRepository(registrations);
  } catch (error) {
    if (error instanceof TypeError) throw fail(inMetadataNames(error.message));
    throw error;
  }
  return Promise.all(registrations.map(async ({ clientId }) => (await repository.getClient(clientId)) as Client));
}

function toRegistration(client: unknown, position: string, fail: (problem: string) => ConfigError): ClientRegistration {
  if (!isObject(client)) throw fail(`${position} must be an object`);
  const { client_id, client_secret, client_secret_hash, scope, grant_types, token_endpoint_auth_method } = client;
  const validId = typeof client_id === "string" && clientIdPattern.test(client_id);
  const name = validId ? `client ${client_id}` : position;
  for (const key of Object.keys(client)) {
    if (!fields.has(key)) throw fail(`${name}: unknown field ${JSON.stringify(key)}`);
  }
  if (!validId) throw fail(`${name}: client_id is required, a non-empty string of printable ASCII`);
  if (client_secret !== undefined && typeof client_secret !== "string") {
    throw fail(`${name}: client_secret must be a string`);
  }
  if (client_secret_hash !== undefined && typeof client_secret_hash !== "string") {
    throw fail(`${name}: client_secret_hash must be a string from hashClientSecret()`);
  }
  if (typeof scope !== "string") throw fail(`${name}: scope is required, a space-delimited string such as "read write"`);
  let scopes: string[];
  try {
    scopes = parseScope(scope);
  } catch {
    throw fail(`${name}: scope must be scope tokens separated by single spaces (RFC 6749 §3.3)`);
  }
  if (grant_types !== undefined && !(Array.isArray(grant_types) && grant_types.every((g) => typeof g === "string"))) {
    throw fail(`${name}: grant_types must be an array of strings such as ["client_credentials"]`);
  }
  if (token_endpoint_auth_method !== undefined && typeof token_endpoint_auth_method !== "string") {
    throw fail(`${name}: token_endpoint_auth_method must be a string such as "client_secret_basic"`);
  }
  const { resources, default_resources, access_token_ttl, introspection, disabled } = client;
  for (const [field, value] of [["resources", resources], ["default_resources", default_resources]] as const) {
    if (value !== undefined && !(Array.isArray(value) && value.every((v) => typeof v === "string"))) {
      throw fail(`${name}: ${field} must be an array of absolute URIs such as ["https://api.example.com"]`);
    }
  }
  if (access_token_ttl !== undefined && typeof access_token_ttl !== "number") {
    throw fail(`${name}: access_token_ttl must be a whole number of seconds`);
  }
  for (const [field, value] of [["introspection", introspection], ["disabled", disabled]] as const) {
    if (value !== undefined && typeof value !== "boolean") throw fail(`${name}: ${field} must be true or false`);
  }
  return {
    clientId: client_id as string,
    clientSecret: client_secret,
    clientSecretHash: client_secret_hash,
    scopes,
    grantTypes: grant_types as string[] | undefined,
    // Checked against the supported methods by the repository, whose message lists them.
    tokenEndpointAuthMethod: token_endpoint_auth_method as ClientRegistration["tokenEndpointAuthMethod"],
    // Checked further (absolute URIs, among resources, positive) by the repository.
    resources: resources as string[] | undefined,
    defaultResources: default_resources as string[] | undefined,
    accessTokenTtl: access_token_ttl as number | undefined,
    introspection: introspection as boolean | undefined,
    disabled: disabled as boolean | undefined,
    ...keyFields(client, name, fail),
  };
}

/**
 * The key fields of a client (RFC 7591 `jwks`, `jwks_uri`, `token_endpoint_auth_signing_alg`,
 * RFC 9449 `dpop_bound_access_tokens`), their types checked here and their meaning by the core.
 */
function keyFields(client: Record<string, unknown>, name: string, fail: (problem: string) => ConfigError): Partial<ClientRegistration> {
  const { jwks, jwks_uri, token_endpoint_auth_signing_alg, dpop_bound_access_tokens } = client;
  if (jwks !== undefined && !(isObject(jwks) && Array.isArray(jwks.keys))) throw fail(`${name}: jwks must be a JWK Set such as {"keys": [{"kty": "EC", …}]}`);
  if (jwks_uri !== undefined && typeof jwks_uri !== "string") throw fail(`${name}: jwks_uri must be an https URL`);
  if (token_endpoint_auth_signing_alg !== undefined && typeof token_endpoint_auth_signing_alg !== "string") {
    throw fail(`${name}: token_endpoint_auth_signing_alg must be a string such as "ES256"`);
  }
  if (dpop_bound_access_tokens !== undefined && typeof dpop_bound_access_tokens !== "boolean") {
    throw fail(`${name}: dpop_bound_access_tokens must be true or false`);
  }
  return {
    jwks: jwks as ClientRegistration["jwks"],
    jwksUri: jwks_uri as string | undefined,
    tokenEndpointAuthSigningAlg: token_endpoint_auth_signing_alg as string | undefined,
    dpopBoundAccessTokens: dpop_bound_access_tokens as boolean | undefined,
  };
}

/**
 * A core registration message (`client svc: clientSecret must be …`) in the variable's own
 * field names; the `clients:` prefix the core puts on list-wide problems is dropped.
 */
function inMetadataNames(message: string): string {
  return message
    .replace(/^clients: /, "")
    .replace(
      /\b(clientId|clientSecretHash|clientSecret|grantTypes|tokenEndpointAuthMethod|defaultResources|accessTokenTtl|jwksUri|tokenEndpointAuthSigningAlg|dpopBoundAccessTokens)\b/g,
      (name) => metadataNames[name] ?? name,
    );
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
