import { invalidOption } from "../../lib/checks.js";
import { parseFetchUrl } from "../../lib/url.js";
import { assertionAlgorithms } from "./assertion-options.js";

/** The fields of a client registration that concern its keys (RFC 7591 §2). */
export interface KeyRegistration {
  readonly tokenEndpointAuthMethod?: string | undefined;
  readonly tokenEndpointAuthSigningAlg?: string | undefined;
  readonly jwks?: { readonly keys: readonly Readonly<Record<string, unknown>>[] } | undefined;
  readonly jwksUri?: string | undefined;
  readonly dpopBoundAccessTokens?: boolean | undefined;
}

/** Members of a JWK that hold private or symmetric key material. */
const secretMembers = ["d", "p", "q", "dp", "dq", "qi", "oth", "k"];

/**
 * Checks the key fields of a registration named `name`: `jwks` public keys only (each with a
 * `kty`), `jwksUri` an `https` URL (`http` only for loopback), not both (RFC 7591 §2), an
 * accepted `tokenEndpointAuthSigningAlg`, a boolean `dpopBoundAccessTokens`; and a
 * `private_key_jwt` client with keys and without a secret. Returns whether the client
 * authenticates with a key, so needs no secret.
 */
export function checkKeyRegistration(registration: KeyRegistration, hasSecret: boolean, name: string): boolean {
  const { tokenEndpointAuthMethod, tokenEndpointAuthSigningAlg, jwks, jwksUri, dpopBoundAccessTokens } = registration;
  if (jwks !== undefined && jwksUri !== undefined) throw invalidOption(name, "give jwks or jwksUri, not both (RFC 7591 §2)");
  if (jwks !== undefined) {
    const keys = typeof jwks === "object" && jwks !== null ? jwks.keys : undefined;
    if (!Array.isArray(keys) || keys.length === 0 || !keys.every((key) => typeof key === "object" && key !== null && typeof key.kty === "string")) {
      throw invalidOption(name, "jwks must be a JWK Set: { keys: [JWK, …] }, at least one key, each with kty");
    }
    if (keys.some((key) => secretMembers.some((member) => member in key))) {
      throw invalidOption(name, "jwks must hold public keys only: a key has private or symmetric members");
    }
  }
  if (jwksUri !== undefined) parseFetchUrl(`${name}: jwksUri`, jwksUri);
  if (tokenEndpointAuthSigningAlg !== undefined && !assertionAlgorithms.includes(tokenEndpointAuthSigningAlg as never)) {
    throw invalidOption(name, `tokenEndpointAuthSigningAlg must be one of ${assertionAlgorithms.join(", ")}`);
  }
  if (dpopBoundAccessTokens !== undefined && typeof dpopBoundAccessTokens !== "boolean") {
    throw invalidOption(name, "dpopBoundAccessTokens must be a boolean");
  }
  const hasKeys = jwks !== undefined || jwksUri !== undefined;
  if (tokenEndpointAuthMethod === "private_key_jwt") {
    if (!hasKeys) throw invalidOption(name, "a private_key_jwt client needs its public keys: give jwks or jwksUri");
    if (hasSecret) throw invalidOption(name, "a private_key_jwt client has no secret: remove clientSecret or clientSecretHash");
  }
  return hasKeys;
}
