import { entityTag } from "../lib/entity-tag.js";
import { createAccessTokenSigner, type AccessTokenSigner } from "./signer.js";
import type { JsonWebKeySet } from "./jwk.js";
import type { PublishedJwk, SigningAlgorithm, SigningKey } from "./keys.js";

/** One key of the server's key set, as {@link KeyManager.list} describes it. */
export interface KeyInfo {
  /** The RFC 7638 thumbprint, the `kid` of its tokens and of its JWKS entry. */
  readonly kid: string;
  readonly alg: SigningAlgorithm;
  /** Whether new tokens are signed with it. Exactly one key is active. */
  readonly active: boolean;
  /** Whether its private part is held, so that it can be activated. */
  readonly canSign: boolean;
}

/** The published form of a key set, serialised once per change. */
export interface PublishedKeySet {
  readonly jwks: JsonWebKeySet;
  /** The published keys by `kid`. */
  readonly byKid: ReadonlyMap<string, PublishedJwk>;
  readonly json: string;
  /** A strong entity tag of `json` (RFC 9110 §8.8.3). */
  readonly etag: string;
}

/**
 * The signing keys of an authorization server: one active key that signs new tokens, and other
 * keys that are published in the JWKS so tokens they signed keep verifying, or so resource
 * servers learn a new key before it signs anything. Changes are serialised, and each one
 * re-renders the JWKS once; the request path only reads the current signer and document.
 */
export class KeySet {
  readonly #keys: Map<string, SigningKey>;
  #signer: AccessTokenSigner;
  #published: PublishedKeySet;
  #changes: Promise<unknown> = Promise.resolve();

  private constructor(active: SigningKey, published: PublishedKeySet, keys: Map<string, SigningKey>) {
    this.#keys = keys;
    this.#signer = createAccessTokenSigner(active);
    this.#published = published;
  }

  /** A key set signing with `active` and publishing it with `others`. */
  static async create(active: SigningKey, others: readonly SigningKey[]): Promise<KeySet> {
    const keys = new Map<string, SigningKey>([[active.kid, active]]);
    for (const key of others) if (!keys.has(key.kid)) keys.set(key.kid, key);
    return new KeySet(active, await publish(keys), keys);
  }

  /** Signs new tokens with the active key. */
  get signer(): AccessTokenSigner {
    return this.#signer;
  }

  /** The current JWKS, its JSON and its entity tag. */
  get published(): PublishedKeySet {
    return this.#published;
  }

  list(): readonly KeyInfo[] {
    return [...this.#keys.values()].map((key) => ({
      kid: key.kid,
      alg: key.alg,
      active: key.kid === this.#signer.kid,
      canSign: key.privateKey !== undefined,
    }));
  }

  /** Publishes `key` (not yet signing with it). Adding a key already held changes nothing. */
  add(key: SigningKey): Promise<void> {
    return this.#change(() => {
      const held = this.#keys.get(key.kid);
      // A key held only in public form gains its private part when it is added again with it.
      if (held === undefined || (held.privateKey === undefined && key.privateKey !== undefined)) {
        this.#keys.set(key.kid, key);
        return true;
      }
      return false;
    });
  }

  /** Signs new tokens with the published key `kid`; the key signing until now stays published. */
  activate(kid: string): Promise<void> {
    return this.#change(() => {
      const key = this.#keys.get(kid);
      if (key === undefined) throw new TypeError(`activate: no key ${kid} in the key set; add it first`);
      if (key.privateKey === undefined) throw new TypeError(`activate: key ${kid} is held without its private part`);
      this.#signer = createAccessTokenSigner(key);
      return false; // the JWKS is unchanged: every key in the set is already published
    });
  }

  /** Stops publishing `kid`: tokens it signed stop verifying. The active key cannot be retired. */
  retire(kid: string): Promise<void> {
    return this.#change(() => {
      if (kid === this.#signer.kid) throw new TypeError(`retire: key ${kid} is active; activate another first`);
      return this.#keys.delete(kid);
    });
  }

  /** Runs one change after the ones before it, re-publishing when it changed the key list. */
  #change(apply: () => boolean): Promise<void> {
    const run = this.#changes.then(async () => {
      if (apply()) this.#published = await publish(this.#keys);
    });
    this.#changes = run.catch(() => {});
    return run;
  }
}

async function publish(keys: ReadonlyMap<string, SigningKey>): Promise<PublishedKeySet> {
  const published = [...keys.values()].map((key) => key.publicJwk);
  const jwks: JsonWebKeySet = Object.freeze({ keys: Object.freeze(published) });
  const json = JSON.stringify(jwks);
  const byKid = new Map(published.map((jwk) => [jwk.kid, jwk]));
  return Object.freeze({ jwks, byKid, json, etag: await entityTag(json) });
}
