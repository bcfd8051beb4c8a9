import { invalidOption } from "../lib/checks.js";
import type { ReplayStore } from "../storage/replay.js";
import { createDpopNonces, type DpopNonceOptions } from "./dpop-nonce.js";
import type { DpopAlgorithm, DpopSettings } from "./dpop-proof.js";

/**
 * The `dpop` option of the authorization server and of the resource server: how DPoP proofs
 * (RFC 9449) are checked. Proofs' `jti`s are reserved in the server's `replay` store.
 */
export interface DpopOptions {
  /**
   * The JWS algorithms proofs may be signed with: asymmetric only, `none` and `HS*` never.
   * Advertised as `dpop_signing_alg_values_supported` (RFC 9449 §5.1) and in the resource
   * server's `WWW-Authenticate: DPoP algs` (§7.1).
   * @defaultValue `["ES256", "PS256", "EdDSA", "Ed25519", "RS256"]`
   */
  readonly algorithms?: readonly DpopAlgorithm[] | undefined;
  /**
   * How old a proof may be, in seconds, by its `iat` (RFC 9449 §4.3, item 11): a proof is used
   * once, straight after it is made, so this only has to cover the request's way there and
   * clock skew. Also how long its `jti` stays reserved. @defaultValue 60
   */
  readonly proofLifetime?: number | undefined;
  /** Seconds a proof's `iat` may lie in the future, for clock skew. @defaultValue 5 */
  readonly clockTolerance?: number | undefined;
  /**
   * Require server-provided nonces (RFC 9449 §8; §9 at a resource server): a proof without the
   * current one is refused with `use_dpop_nonce` and a `DPoP-Nonce` header naming it, which
   * clients (oauth4webapi, openid-client) retry with. Nonces are stateless; see
   * {@link DpopNonceOptions} to share them across instances. @defaultValue false
   */
  readonly nonce?: boolean | DpopNonceOptions | undefined;
}

/** The algorithms proofs may use unless the option says otherwise. */
export const defaultDpopAlgorithms: readonly DpopAlgorithm[] = Object.freeze(["ES256", "PS256", "EdDSA", "Ed25519", "RS256"]);
const knownAlgorithms: ReadonlySet<unknown> = new Set(defaultDpopAlgorithms);

/** Resolves a `dpop` option (named `name` in errors) with the server's replay store and clock. */
export function resolveDpopOptions(
  options: DpopOptions | undefined,
  replay: ReplayStore,
  now: () => number,
  name = "dpop",
  allowed: readonly DpopAlgorithm[] = defaultDpopAlgorithms,
): DpopSettings {
  if (options !== undefined && (typeof options !== "object" || options === null)) throw invalidOption(name, "expected an object");
  const { algorithms = allowed, proofLifetime = 60, clockTolerance = 5, nonce = false } = options ?? {};
  if (!Array.isArray(algorithms) || algorithms.length === 0 || !algorithms.every((alg) => knownAlgorithms.has(alg))) {
    throw invalidOption(`${name}.algorithms`, `expected a non-empty array of ${defaultDpopAlgorithms.join(", ")}`);
  }
  const refused = algorithms.filter((alg) => !allowed.includes(alg));
  if (refused.length > 0) throw invalidOption(`${name}.algorithms`, `${refused.join(", ")} is not allowed here (only ${allowed.join(", ")})`);
  seconds(`${name}.proofLifetime`, proofLifetime, false);
  seconds(`${name}.clockTolerance`, clockTolerance, true);
  if (typeof nonce !== "boolean" && (typeof nonce !== "object" || nonce === null)) {
    throw invalidOption(`${name}.nonce`, "expected a boolean or { secret, lifetime }");
  }
  return Object.freeze({
    algorithms: Object.freeze([...new Set(algorithms)]),
    proofLifetime,
    clockTolerance,
    nonces: nonce === false ? undefined : createDpopNonces(nonce, now, `${name}.nonce`),
    replay,
    now,
  });
}

function seconds(name: string, value: unknown, zeroAllowed: boolean): void {
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0 || (!zeroAllowed && value === 0)) {
    throw invalidOption(name, zeroAllowed ? "must be a number of seconds, zero or more" : "must be a positive number of seconds");
  }
}
