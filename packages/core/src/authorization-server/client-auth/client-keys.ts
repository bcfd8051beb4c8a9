import {
  createLocalJWKSet,
  createRemoteJWKSet,
  customFetch,
  generateKeyPair,
  type CryptoKey as JoseCryptoKey,
  type FlattenedJWSInput,
  type JSONWebKeySet,
  type JWSHeaderParameters,
} from "jose";
import type { Client } from "../../storage/clients.js";
import type { ClientAssertionSettings } from "./assertion-options.js";

/** Picks the key that checks an assertion, from its protected header (jose's get-key). */
export type AssertionKeyResolver = (header: JWSHeaderParameters, token: FlattenedJWSInput) => Promise<JoseCryptoKey>;

/** Members of a JWK that hold private or symmetric key material: such a key is never used. */
const secretMembers = ["d", "p", "q", "dp", "dq", "qi", "oth", "k"];
/** The most clients' `jwks_uri` key sets kept; the oldest is dropped past it. */
const maxRemoteSets = 1000;

/**
 * The keys each client's assertions are checked with: its registered `jwks` (RFC 7591), or its
 * `jwks_uri` through jose's remote key set — cached for `jwksCacheMaxAge`, refetched for an
 * unknown `kid` at most once per `jwksCooldown`, each fetch bounded by `fetchTimeout`. Only the
 * client's own keys are candidates, so an assertion signed by another client's key cannot verify.
 * For an unknown client id, a key made for nothing but that purpose, so the same verification
 * runs and fails.
 */
export function createClientKeys(settings: ClientAssertionSettings): (client: Client | undefined) => AssertionKeyResolver {
  const local = new WeakMap<object, AssertionKeyResolver>();
  const remote = new Map<string, AssertionKeyResolver>();

  function remoteSet(uri: string): AssertionKeyResolver {
    let set = remote.get(uri);
    if (set === undefined) {
      const fetchFunction = settings.fetch;
      set = createRemoteJWKSet(new URL(uri), {
        cooldownDuration: settings.jwksCooldown * 1000,
        cacheMaxAge: settings.jwksCacheMaxAge * 1000,
        timeoutDuration: Math.ceil(settings.fetchTimeout * 1000),
        ...(fetchFunction === undefined ? {} : { [customFetch]: (href: string, init: RequestInit) => fetchFunction(href, init) }),
      });
      if (remote.size >= maxRemoteSets) remote.delete(remote.keys().next().value as string);
      remote.set(uri, set);
    }
    return set;
  }

  return (client) => {
    if (client === undefined) return unknownClientKey;
    if (client.jwks !== undefined) {
      let set = local.get(client.jwks);
      if (set === undefined) {
        const keys = client.jwks.keys.filter((jwk) => !secretMembers.some((member) => member in jwk));
        set = createLocalJWKSet({ keys } as unknown as JSONWebKeySet);
        local.set(client.jwks, set);
      }
      return set;
    }
    if (client.jwksUri !== undefined) return remoteSet(client.jwksUri);
    return noKeys;
  };
}

/** A client with no keys registered: nothing verifies. */
const noKeys: AssertionKeyResolver = async () => {
  throw new TypeError("the client has no keys registered");
};

/** One key pair per algorithm, made on first use, that no client holds. */
const decoys = new Map<string, Promise<JoseCryptoKey>>();

/** The key an unknown client's assertion is checked against: one of the header's algorithm that matches nothing. */
const unknownClientKey: AssertionKeyResolver = async (header) => {
  const alg = typeof header.alg === "string" ? header.alg : "";
  let key = decoys.get(alg);
  if (key === undefined) {
    key = generateKeyPair(alg, alg.startsWith("RS") || alg.startsWith("PS") ? { modulusLength: 2048 } : {}).then(({ publicKey }) => publicKey);
    decoys.set(alg, key);
  }
  return key;
};
