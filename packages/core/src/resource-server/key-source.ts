import {
  createLocalJWKSet,
  createRemoteJWKSet,
  customFetch,
  errors,
  type CryptoKey as JoseCryptoKey,
  type FlattenedJWSInput,
  type JSONWebKeySet,
  type JWSHeaderParameters,
  type RemoteJWKSet,
} from "jose";
import type { JsonWebKeySet } from "../tokens/jwk.js";
import type { KeyManager } from "../tokens/key-manager.js";
import { discoverJwksUri } from "./discovery.js";
import type { FetchFunction } from "./key-source-option.js";
import type { ResolvedResourceServerOptions } from "./options.js";

/** Picks the key that verifies a token, from the token's protected header (jose's get-key). */
export type KeyResolver = (header: JWSHeaderParameters, token: FlattenedJWSInput) => Promise<JoseCryptoKey>;

/**
 * The verification keys cannot be had right now: the issuer's metadata or JWKS could not be
 * fetched or used, or the in-process key set failed. Not the token's fault; answered with 503.
 */
export class KeysUnavailable extends Error {
  override readonly name = "KeysUnavailable";
}

/**
 * Whether a key resolver's error is about the token: its `kid` matches no key (or several),
 * or its `alg` fits no key. Anything else is about the keys.
 */
function isTokenProblem(error: unknown): boolean {
  return (
    error instanceof errors.JWKSNoMatchingKey ||
    error instanceof errors.JWKSMultipleMatchingKeys ||
    error instanceof errors.JOSENotSupported
  );
}

/**
 * A back-off shared by discovery and JWKS fetches: after a failure, no fetch is tried until
 * `cooldown` milliseconds have passed; attempts meanwhile fail at once, without traffic.
 */
class Backoff {
  #until = Number.NEGATIVE_INFINITY;
  readonly #cooldown: number;
  readonly #now: () => number;

  constructor(cooldown: number, now: () => number) {
    this.#cooldown = cooldown;
    this.#now = now;
  }

  check(): void {
    if (this.#now() < this.#until) {
      throw new KeysUnavailable("a fetch from the issuer failed recently; not retried until the cool-down ends");
    }
  }

  failed(): void {
    this.#until = this.#now() + this.#cooldown;
  }
}

/**
 * The key resolver for the configured key source:
 * - in-process: the `AuthorizationServer`'s current JWKS, turned into a local key set again only
 *   when `keys.jwks()` returns another object, which it does exactly when the set changed;
 * - static: a local key set built once;
 * - remote: `jose`'s remote key set, with its refetch-on-unknown-`kid` limited by
 *   `jwksCooldown` and its cache by `jwksCacheMaxAge`;
 * - discovery: the remote key set of the metadata's `jwks_uri`, discovered on first use and
 *   kept; a failed discovery is retried after `jwksCooldown`.
 *
 * Failures that are not the token's fault reject with {@link KeysUnavailable}.
 */
export function createKeyResolver(config: ResolvedResourceServerOptions): KeyResolver {
  const source = config.keySource;
  switch (source.kind) {
    case "in-process":
      return guarded(inProcessResolver(source.keys));
    case "static": {
      const local = createLocalJWKSet(source.jwks as JSONWebKeySet);
      return guarded((header, token) => local(header, token));
    }
    case "remote": {
      const backoff = new Backoff(config.jwksCooldown * 1000, config.now);
      return remoteResolver(source.url, config, backoff);
    }
    case "discovery":
      return discoveredResolver(source.metadataUrl, config);
  }
}

function inProcessResolver(keys: { jwks(): Promise<JsonWebKeySet> }): KeyResolver {
  let current: JsonWebKeySet | undefined;
  let local: ReturnType<typeof createLocalJWKSet> | undefined;
  return async (header, token) => {
    let jwks: JsonWebKeySet;
    try {
      jwks = await keys.jwks();
    } catch (cause) {
      throw new KeysUnavailable("the authorization server's key set is not available", { cause });
    }
    if (jwks !== current || local === undefined) {
      local = createLocalJWKSet(jwks as unknown as JSONWebKeySet);
      current = jwks;
    }
    return local(header, token);
  };
}

/** Passes token problems on and turns any other failure into {@link KeysUnavailable}. */
function guarded(resolver: KeyResolver, onFailure?: () => void): KeyResolver {
  return async (header, token) => {
    try {
      return await resolver(header, token);
    } catch (error) {
      if (isTokenProblem(error)) throw error;
      if (error instanceof KeysUnavailable) throw error;
      onFailure?.();
      throw new KeysUnavailable("the verification keys could not be fetched or used", { cause: error });
    }
  };
}

function remoteResolver(url: URL, config: ResolvedResourceServerOptions, backoff: Backoff): KeyResolver {
  const fetchFunction = config.fetch ?? defaultFetch;
  const set: RemoteJWKSet = createRemoteJWKSet(url, {
    cooldownDuration: config.jwksCooldown * 1000,
    cacheMaxAge: config.jwksCacheMaxAge * 1000,
    timeoutDuration: Math.ceil(config.fetchTimeout * 1000),
    [customFetch]: (href, init) => {
      backoff.check();
      return fetchFunction(href, init);
    },
  });
  return guarded((header, token) => set(header, token), () => backoff.failed());
}

function discoveredResolver(metadataUrl: URL, config: ResolvedResourceServerOptions): KeyResolver {
  const backoff = new Backoff(config.jwksCooldown * 1000, config.now);
  const fetchFunction = config.fetch ?? defaultFetch;
  let resolver: KeyResolver | undefined;
  let discovering: Promise<KeyResolver> | undefined;

  function discover(): Promise<KeyResolver> {
    backoff.check();
    discovering ??= discoverJwksUri(metadataUrl, config.issuer, fetchFunction, Math.ceil(config.fetchTimeout * 1000))
      .then(
        (jwksUri) => (resolver = remoteResolver(jwksUri, config, backoff)),
        (cause: unknown) => {
          backoff.failed();
          throw new KeysUnavailable("the issuer's metadata could not be discovered", { cause });
        },
      )
      .finally(() => {
        discovering = undefined;
      });
    return discovering;
  }

  return async (header, token) => (resolver ?? (await discover()))(header, token);
}

/** The global `fetch`, looked up per call so that a runtime's or a test's replacement counts. */
const defaultFetch: FetchFunction = (url, init) => fetch(url, init);
