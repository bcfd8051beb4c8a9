import { invalidOption } from "../lib/checks.js";
import { parseFetchUrl } from "../lib/url.js";
import { metadataPath } from "../protocol/issuer.js";
import type { JsonWebKeySet } from "../tokens/jwk.js";
import type { KeyManager } from "../tokens/key-manager.js";

/**
 * A `fetch`-compatible function, called with the URL of the issuer's metadata or JWKS and these
 * settings (the global `fetch` is one). Answers must not be followed across redirects.
 */
export type FetchFunction = (
  url: string,
  init: {
    readonly method: "GET";
    readonly headers: Headers;
    readonly redirect: "manual";
    readonly signal: AbortSignal;
  },
) => Promise<Response>;

/** The options that name where the keys come from; see `ResourceServerOptions`. */
export interface KeySourceOptions {
  readonly issuer: string;
  readonly keys?: KeyManager | undefined;
  readonly jwks?: JsonWebKeySet | undefined;
  readonly jwksUri?: string | undefined;
}

/** Where the keys come from, decided at construction. */
export type KeySourceOption =
  | { readonly kind: "in-process"; readonly keys: KeyManager }
  | { readonly kind: "static"; readonly jwks: JsonWebKeySet }
  | { readonly kind: "remote"; readonly url: URL }
  | { readonly kind: "discovery"; readonly metadataUrl: URL };

/** Resolves `keys`, `jwks` and `jwksUri` (at most one) to the key source, throwing a `TypeError` naming a wrong one. */
export function resolveKeySource(options: KeySourceOptions, issuerUrl: URL): KeySourceOption {
  const { keys, jwks, jwksUri } = options;
  if ([keys, jwks, jwksUri].filter((source) => source !== undefined).length > 1) {
    throw invalidOption("keys", "give at most one of keys, jwks and jwksUri");
  }
  if (jwksUri !== undefined) return { kind: "remote", url: parseFetchUrl("jwksUri", jwksUri) };
  if (jwks !== undefined) return { kind: "static", jwks: checkedJwks(jwks) };
  if (keys === undefined) return { kind: "discovery", metadataUrl: new URL(metadataPath(issuerUrl), issuerUrl.origin) };
  if (typeof keys?.jwks !== "function") {
    throw invalidOption("keys", "expected an authorization server's keys (authorizationServer.keys)");
  }
  if (keys.issuer !== options.issuer) throw invalidOption("keys", "these keys are another issuer's than the issuer option");
  return { kind: "in-process", keys };
}

/** A snapshot of a JWK Set of public keys: later changes to the caller's object have no effect. */
function checkedJwks(jwks: unknown): JsonWebKeySet {
  const keys = (jwks as { keys?: unknown } | null)?.keys;
  if (!Array.isArray(keys) || keys.length === 0) throw invalidOption("jwks", "expected a JWK Set with at least one key");
  for (const jwk of keys as readonly unknown[]) {
    if (typeof jwk !== "object" || jwk === null || typeof (jwk as { kty?: unknown }).kty !== "string") {
      throw invalidOption("jwks", "every member of the JWK Set must be a JWK");
    }
    if ((jwk as { kty: string }).kty === "oct" || "k" in jwk) throw invalidOption("jwks", "symmetric keys are refused: use public keys");
    if ("d" in jwk) throw invalidOption("jwks", "private keys are refused: publish only public keys");
  }
  return structuredClone({ keys: [...(keys as JsonWebKeySet["keys"])] });
}
