import { invalidOption } from "../lib/checks.js";
import { entityTag } from "../lib/entity-tag.js";
import { KeySet } from "../tokens/key-set.js";
import { importPublishedKey, importSigningKey, type SigningKey, type SigningKeyInput } from "../tokens/keys.js";
import { emit } from "./events.js";
import { buildMetadata } from "./metadata.js";
import type { ResolvedOptions } from "./options.js";

/** A document served as it is, serialised once: its JSON and its strong entity tag. */
export interface PublishedDocument {
  readonly json: string;
  readonly etag: string;
}

/** What start-up produces: the imported keys and the metadata document. */
export interface StartedState {
  readonly keySet: KeySet;
  readonly metadata: PublishedDocument;
}

/**
 * The server's start-up, run once in the background: `ready` reports how it went, and the request
 * path reads the state without awaiting once it is there.
 */
export interface StartUp {
  /** Settles with the state, or rejects with the `TypeError` of a key that cannot be used. */
  readonly state: Promise<StartedState>;
  /** Settles when start-up is done; its rejection is marked handled (requests report it too). */
  readonly ready: Promise<void>;
  /** The state, synchronously once started; a promise of it before. */
  current(): StartedState | Promise<StartedState>;
}

/** Starts the start-up work: import the keys once, serialise the metadata once. */
export function startUp(config: ResolvedOptions): StartUp {
  const state = start(config);
  let started: StartedState | undefined;
  // A key failure is reported through `ready` and per request, never as an unhandled rejection.
  state.then((value) => (started = value), () => {});
  const ready = state.then(() => {});
  ready.catch(() => {});
  return { state, ready, current: () => started ?? state };
}

async function start(config: ResolvedOptions): Promise<StartedState> {
  const active = await importSigningKey(config.signingKey);
  if (config.profile === "fapi2" && active.alg === "RS256") {
    // FAPI 2.0 Security Profile §5.4.1: PS256, ES256 or EdDSA only.
    throw invalidOption("signingKey", "RS256 is not allowed by the FAPI 2.0 profile; use an RSA-PSS (PS256), EC P-256 or Ed25519 key");
  }
  const others = await Promise.all(
    config.publishedKeys.map((key, index) => importKeyForSet(key, `publishedKeys[${index}]`)),
  );
  const scopes = await config.scopes?.listScopes?.();
  const json = JSON.stringify(buildMetadata(config, scopes));
  const keySet = await KeySet.create(active, others);
  emit(config.events.keyActivated, () => ({ kid: active.kid, alg: active.alg }), config.onError);
  return { keySet, metadata: { json, etag: await entityTag(json) } };
}

/** A key to publish: with its private part when given one (so it can sign later), else public. */
export function importKeyForSet(key: SigningKeyInput, name = "key"): Promise<SigningKey> {
  const isPublicJwk = typeof key === "object" && key !== null && "kty" in key && !("d" in key);
  return isPublicJwk ? importPublishedKey(key, name) : importSigningKey(key, name);
}
