/**
 * The checks every store makes of what it is given, so that every store refuses the same inputs
 * with the same `TypeError` (the store conformance suite holds them to it). Exported to store
 * authors as `@tessera/core/store`.
 */
import { invalidOption } from "../lib/checks.js";
import type { Client, ClientSecretHash } from "./clients.js";

/** RFC 6749 Appendix A.1: a client id is one or more printable ASCII characters. */
const clientIdentifier = /^[\x20-\x7e]+$/;

const authenticationMethods: ReadonlySet<unknown> = new Set(["client_secret_basic", "client_secret_post", "private_key_jwt"]);
const stringLists = ["grantTypes", "scopes", "defaultScopes", "resources", "defaultResources"] as const;
const strings = ["clientName", "tokenEndpointAuthSigningAlg", "jwksUri"] as const;
const booleans = ["dpopBoundAccessTokens", "introspection", "disabled"] as const;

/** Throws a `TypeError` naming `name` unless `key` is a string of 1 to `maxLength` characters. */
export function checkKey(key: unknown, name: string, maxLength: number): asserts key is string {
  if (typeof key !== "string" || key.length === 0 || key.length > maxLength) {
    throw invalidOption(name, maxLength === Infinity ? "must be a non-empty string" : `must be a string of 1 to ${maxLength} characters`);
  }
}

/** Whether `value` is a client id a store accepts: printable ASCII, not empty. */
export function isStoredClientId(value: unknown): value is string {
  return typeof value === "string" && clientIdentifier.test(value);
}

/** Throws a `TypeError` naming `name` unless `value` is a client id. */
export function checkClientId(value: unknown, name = "clientId"): asserts value is string {
  if (!isStoredClientId(value)) throw invalidOption(name, "must be a non-empty string of printable ASCII");
}

/**
 * Throws a `TypeError` naming the field unless `secret` is a {@link ClientSecretHash}. The
 * message never holds the hash.
 */
export function checkSecret(secret: unknown, name: string): asserts secret is ClientSecretHash {
  if (typeof secret !== "object" || secret === null) throw invalidOption(name, "must be an object");
  const { hash, expiresAt } = secret as Record<string, unknown>;
  if (typeof hash !== "string" || hash.length === 0) throw invalidOption(`${name}.hash`, "must be a non-empty string");
  if (expiresAt !== undefined) checkTime(expiresAt, `${name}.expiresAt`);
}

/**
 * Throws a `TypeError` naming the field a store cannot keep: the shape of a {@link Client},
 * checked field by field. The meaning of values (scope syntax, resource URIs) is the server's to
 * judge; a store checks only what it must to return the same shape.
 */
export function checkClient(client: unknown, name = "client"): asserts client is Client {
  if (typeof client !== "object" || client === null) throw invalidOption(name, "must be an object");
  const fields = client as Record<string, unknown>;
  checkClientId(fields.clientId, `${name}.clientId`);
  for (const key of stringLists) {
    const value = fields[key];
    if (value === undefined && key !== "grantTypes" && key !== "scopes") continue;
    if (!Array.isArray(value) || !value.every((item) => typeof item === "string")) {
      throw invalidOption(`${name}.${key}`, "must be an array of strings");
    }
  }
  for (const key of strings) {
    if (fields[key] !== undefined && typeof fields[key] !== "string") throw invalidOption(`${name}.${key}`, "must be a string");
  }
  for (const key of booleans) {
    if (fields[key] !== undefined && typeof fields[key] !== "boolean") throw invalidOption(`${name}.${key}`, "must be a boolean");
  }
  const { tokenEndpointAuthMethod, accessTokenTtl, jwks, secrets } = fields;
  if (tokenEndpointAuthMethod !== undefined && !authenticationMethods.has(tokenEndpointAuthMethod)) {
    throw invalidOption(`${name}.tokenEndpointAuthMethod`, "must be client_secret_basic, client_secret_post or private_key_jwt");
  }
  if (accessTokenTtl !== undefined && !(Number.isSafeInteger(accessTokenTtl) && (accessTokenTtl as number) > 0)) {
    throw invalidOption(`${name}.accessTokenTtl`, "must be a positive whole number of seconds");
  }
  if (jwks !== undefined) {
    const keys = typeof jwks === "object" && jwks !== null ? (jwks as Record<string, unknown>).keys : undefined;
    if (!Array.isArray(keys) || !keys.every((key) => typeof key === "object" && key !== null && !Array.isArray(key))) {
      throw invalidOption(`${name}.jwks`, "must be an object whose keys is an array of objects");
    }
  }
  if (secrets !== undefined) {
    if (!Array.isArray(secrets)) throw invalidOption(`${name}.secrets`, "must be an array");
    secrets.forEach((secret, index) => checkSecret(secret, `${name}.secrets[${index}]`));
  }
}

/** Throws a `TypeError` naming `name` unless `value` is a finite number of seconds. */
export function checkTime(value: unknown, name: string): asserts value is number {
  if (!isTime(value)) throw invalidOption(name, "must be a finite number of seconds");
}

/** Throws a `TypeError` unless `key` is a counter key (1 to 128 characters) and `windowSeconds` a positive number of seconds: what `CounterStore.hit` takes. */
export function checkCounterHit(key: unknown, windowSeconds: unknown): asserts key is string {
  checkCounterKey(key);
  if (!isTime(windowSeconds) || windowSeconds <= 0) throw invalidOption("windowSeconds", "must be a positive number of seconds");
}

/** Throws a `TypeError` unless `key` is a counter key: 1 to 128 characters (the lockout's are hashes, far shorter). */
export function checkCounterKey(key: unknown): asserts key is string {
  checkKey(key, "key", 128);
}

/** Throws a `TypeError` unless `key` is a replay key (1 to 256 characters) and `until` a time in seconds: what `ReplayStore.reserve` takes. */
export function checkReservation(key: unknown, until: unknown): asserts key is string {
  checkKey(key, "key", 256);
  checkTime(until, "until");
}

/** Whether `value` is a time or duration in seconds: a finite number. */
export function isTime(value: unknown): value is number {
  return typeof value === "number" && Number.isFinite(value);
}

/**
 * The copy of a checked client that a store keeps and returns: its JSON form (what a database
 * would give back), with `secrets` and `disabled` always present, deep-frozen.
 */
export function storedClient(client: Client): Client {
  const copy = JSON.parse(JSON.stringify(client)) as Record<string, unknown>;
  copy.secrets ??= [];
  copy.disabled ??= false;
  return deepFreeze(copy) as unknown as Client;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}
