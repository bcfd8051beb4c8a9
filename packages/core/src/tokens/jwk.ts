/**
 * A public key as a JWK (RFC 7517 §4): its members by their RFC names. `kty` is required on the
 * wire (RFC 7517 §4.1) and checked where a key is taken in; it is optional here so that a `JWK`
 * from jose fits as it is.
 */
export interface PublicJwk {
  readonly kty?: string;
  readonly kid?: string;
  readonly alg?: string;
  readonly use?: string;
  readonly [member: string]: unknown;
}

/** A JWK Set (RFC 7517 §5) of public keys: what a JWKS document holds. */
export interface JsonWebKeySet {
  readonly keys: readonly PublicJwk[];
}
