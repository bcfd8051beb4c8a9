/** The JWS algorithms Tessera signs access tokens with (RFC 7518 §3.1, RFC 8037 §3.1). */
export type SigningAlgorithm = "RS256" | "PS256" | "ES256" | "EdDSA";

/**
 * Every {@link SigningAlgorithm}, in the order a key's type is tried: an RSA key is RS256 unless
 * it is an RSA-PSS key (RFC 4055 `id-RSASSA-PSS`, or a `CryptoKey` for RSA-PSS), which is PS256.
 */
export const signingAlgorithms: readonly SigningAlgorithm[] = Object.freeze(["RS256", "PS256", "ES256", "EdDSA"]);
