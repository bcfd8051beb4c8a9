import { invalidOption } from "../lib/checks.js";

/**
 * The asymmetric JWS algorithms a resource server can accept (RFC 7518 §3.1, RFC 8037 §3.1):
 * never `none`, never an HMAC algorithm (`HS256`…), whose "key" a resource server would have to
 * share with the issuer and which is the vehicle of algorithm confusion (RFC 8725 §2.1, §3.1).
 */
export type VerificationAlgorithm =
  | "RS256"
  | "RS384"
  | "RS512"
  | "PS256"
  | "PS384"
  | "PS512"
  | "ES256"
  | "ES384"
  | "ES512"
  | "EdDSA"
  | "Ed25519";

/** Every {@link VerificationAlgorithm}. */
const verificationAlgorithms: ReadonlySet<string> = new Set<VerificationAlgorithm>([
  "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA", "Ed25519",
]);

const defaultAlgorithms: readonly VerificationAlgorithm[] = Object.freeze(["RS256", "PS256", "ES256", "EdDSA"]);

/** Validates the `algorithms` option: asymmetric JWS algorithms only, never `none` or `HS*`. */
export function resolveAlgorithms(algorithms: unknown): readonly VerificationAlgorithm[] {
  if (algorithms === undefined) return defaultAlgorithms;
  if (!Array.isArray(algorithms) || algorithms.length === 0) {
    throw invalidOption("algorithms", "expected a non-empty array of JWS algorithms");
  }
  for (const alg of algorithms as unknown[]) {
    if (typeof alg === "string" && (alg.toLowerCase() === "none" || /^HS\d+$/i.test(alg))) {
      throw invalidOption("algorithms", `${alg} is refused: only asymmetric algorithms are safe (RFC 8725 §3.1)`);
    }
    if (typeof alg !== "string" || !verificationAlgorithms.has(alg)) {
      throw invalidOption("algorithms", `unsupported algorithm ${String(alg)}; expected asymmetric JWS algorithms such as RS256`);
    }
  }
  return Object.freeze([...new Set(algorithms as VerificationAlgorithm[])]);
}
