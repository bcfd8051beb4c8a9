import { invalidOption, isPositiveInteger } from "../../lib/checks.js";
import { isClientIdentifier } from "../../protocol/client-id.js";
import { isScopeToken } from "../../protocol/scopes.js";
import type { Client, ClientAuthenticationMethod, ClientRepository } from "../../storage/clients.js";
import { clientAuthenticationMethods } from "../client-auth/authenticate.js";
import { checkKeyRegistration } from "../client-auth/key-registration.js";
import { hashClientSecret, isClientSecretHash } from "../client-auth/secrets.js";
import { isResourceIndicator } from "../resource-indicators.js";

/** `T` with every member optional, `undefined` included. */
type Optional<T> = { readonly [K in keyof T]?: T[K] | undefined };

/**
 * A client as given to {@link InMemoryClientRepository}: the fields of a {@link Client}, with its
 * secret given as `clientSecret` (hashed at construction and not kept) or `clientSecretHash`; a
 * client with neither authenticates with its keys (`private_key_jwt`, its public keys in `jwks` or
 * at `jwksUri`) or not at all. `scopes` defaults to none
 * and `grantTypes` to `["client_credentials"]`.
 */
export interface ClientRegistration extends Optional<Omit<Client, "clientId" | "secrets">> {
  readonly clientId: string;
  /** The secret in plain text, as from {@link generateClientSecret}. */
  readonly clientSecret?: string | undefined;
  /** The secret's stored form, from {@link hashClientSecret}. */
  readonly clientSecretHash?: string | undefined;
}

/**
 * Clients held in memory, from a fixed list: for configuration files, tests and small
 * deployments. Registrations are checked at construction (a mistake throws a `TypeError` naming
 * the client) and plain-text secrets are hashed once.
 */
export class InMemoryClientRepository implements ClientRepository {
  readonly #clients = new Map<string, Promise<Client>>();

  constructor(registrations: Iterable<ClientRegistration>) {
    for (const registration of registrations) {
      checkRegistration(registration);
      if (this.#clients.has(registration.clientId)) {
        throw invalidOption("clients", `client ${registration.clientId} is registered twice`);
      }
      this.#clients.set(registration.clientId, toClient(registration));
    }
  }

  getClient(clientId: string): Promise<Client | undefined> {
    return this.#clients.get(clientId) ?? Promise.resolve(undefined);
  }
}

function checkRegistration(registration: ClientRegistration): void {
  const { clientId } = registration;
  if (typeof clientId !== "string" || !isClientIdentifier(clientId)) {
    throw invalidOption("clients", "a clientId must be a non-empty string of printable ASCII");
  }
  const name = `client ${clientId}`;
  const { clientSecret, clientSecretHash, scopes = [], defaultScopes, grantTypes, tokenEndpointAuthMethod } =
    registration;
  if (clientSecret !== undefined && clientSecretHash !== undefined) {
    throw invalidOption(name, "give clientSecret or clientSecretHash, not both");
  }
  if (clientSecret !== undefined && (typeof clientSecret !== "string" || !isClientIdentifier(clientSecret))) {
    throw invalidOption(name, "clientSecret must be a non-empty string of printable ASCII (RFC 6749 A.2)");
  }
  if (clientSecretHash !== undefined && !isClientSecretHash(clientSecretHash)) {
    throw invalidOption(name, "clientSecretHash must come from hashClientSecret()");
  }
  if (!Array.isArray(scopes) || !scopes.every((s) => typeof s === "string" && isScopeToken(s))) {
    throw invalidOption(name, "scopes must be scope tokens (RFC 6749 §3.3)");
  }
  if (defaultScopes !== undefined && (!Array.isArray(defaultScopes) || !defaultScopes.every((s) => scopes.includes(s)))) {
    throw invalidOption(name, "defaultScopes must be among its scopes");
  }
  if (grantTypes !== undefined && (!Array.isArray(grantTypes) || !grantTypes.every((g) => typeof g === "string"))) {
    throw invalidOption(name, "grantTypes must be an array of grant type names");
  }
  const hasSecret = clientSecret !== undefined || clientSecretHash !== undefined;
  const hasKeys = checkKeyRegistration(registration, hasSecret, name);
  const grants = grantTypes ?? ["client_credentials"];
  if (grants.includes("client_credentials") && !hasSecret && !hasKeys) {
    throw invalidOption(name, "the client_credentials grant needs a confidential client: give it a secret, or keys for private_key_jwt (RFC 6749 §4.4)");
  }
  if (tokenEndpointAuthMethod !== undefined && !clientAuthenticationMethods.includes(tokenEndpointAuthMethod)) {
    throw invalidOption(name, `tokenEndpointAuthMethod must be one of ${clientAuthenticationMethods.join(", ")}`);
  }
  checkClientRules(registration, name);
}

/** The rules of issue-time policy: audiences, lifetime, introspection, disabling. */
function checkClientRules(registration: ClientRegistration, name: string): void {
  const { resources = [], defaultResources, accessTokenTtl, introspection, disabled } = registration;
  if (!Array.isArray(resources) || !resources.every((r) => typeof r === "string" && isResourceIndicator(r))) {
    throw invalidOption(name, "resources must be absolute URIs without a fragment (RFC 8707 §2)");
  }
  if (defaultResources !== undefined && (!Array.isArray(defaultResources) || !defaultResources.every((r) => resources.includes(r)))) {
    throw invalidOption(name, "defaultResources must be among its resources");
  }
  if (accessTokenTtl !== undefined && !isPositiveInteger(accessTokenTtl)) {
    throw invalidOption(name, "accessTokenTtl must be a positive whole number of seconds");
  }
  if (introspection !== undefined && typeof introspection !== "boolean") throw invalidOption(name, "introspection must be a boolean");
  if (disabled !== undefined && typeof disabled !== "boolean") throw invalidOption(name, "disabled must be a boolean");
}

async function toClient(registration: ClientRegistration): Promise<Client> {
  const { clientSecret, clientSecretHash, ...metadata } = registration;
  const hash = clientSecret === undefined ? clientSecretHash : await hashClientSecret(clientSecret);
  return deepFreeze({
    ...metadata,
    secrets: hash === undefined ? undefined : [{ hash }],
    grantTypes: [...(registration.grantTypes ?? ["client_credentials"])],
    scopes: [...(registration.scopes ?? [])],
    defaultResources: registration.defaultResources && [...new Set(registration.defaultResources)],
  });
}

/** A deep-frozen copy of a JSON-like value. */
function deepFreeze<T>(value: T): T {
  if (typeof value !== "object" || value === null) return value;
  const copy = (Array.isArray(value) ? value.map(deepFreeze) : Object.fromEntries(Object.entries(value).map(([k, v]) => [k, deepFreeze(v)]))) as T;
  return Object.freeze(copy);
}
