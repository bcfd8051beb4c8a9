/**
 * Fixed ES256 test keys of the key-bound scenarios. Published here, so they protect nothing:
 * fixed rather than generated, because Workers refuse random values outside a request and the
 * tables are loaded at module scope.
 */
import type { JWK } from "jose";

/** The private JWKs; a client registers the public half (without `d`). */
export const testKeys = {
  /** The `key-client`'s key. */
  assertionKey: { kty: "EC", crv: "P-256", x: "drviyRjPIH8nHg8bQKNbCE5fm7OX_W7hxbfmb_Y-n5I", y: "m6y5YXPqL1BwhtgkTGXQpw4S_Och2QHjnWxksP6L74I", d: "ArCTlL5iAcYHUZRMnNZCTHi0ZbZb_l4iICD4Ze2eg5s" },
  /** The `other-key-client`'s key. */
  otherClientKey: { kty: "EC", crv: "P-256", x: "uDfCR4bxPqdY0W0eqHRVio9k_qcsfKhyYyqVy3dpyG0", y: "UtgFZ_tqbu7ZCAfmrAsfxH7Ym3V679HPAHakmuRvfkI", d: "_lPe87CRi-W3Ss2uf_O-jkh-8KEA9JYkEuh0-K7h99w" },
  /** A key no client registered. */
  unregisteredKey: { kty: "EC", crv: "P-256", x: "PuP6QIxabeAq-dez95DkNiX5asLXQtwqhntdlPddWiI", y: "3imdjFqvCa12RdQFlZV26omz7OsoeorttlIABv8YkGE", d: "k7Ab7eY99JAOlpsBG5tVwv7lkehJwONzik0BjUxpRWQ" },
  /** The scenarios' DPoP key. */
  dpopKey: { kty: "EC", crv: "P-256", x: "dbOHD-DbCv8B4AHbwbKERy2lFUPtwn1_yIiSDnEd83M", y: "mJo2xWuGrodmVlm3IJoSGXxsQo4PC9UyFMjb2y9PGE4", d: "Fx31tlP35rXTVdqqW8dHc4y8Oo4gasYz36RDgUGdb50" },
} as const satisfies Record<string, JWK>;

export type TestKeyName = keyof typeof testKeys;

/** The public half of a test key, with its `kid`, as a client registers it in `jwks`. */
export function publicTestJwk(name: TestKeyName): { kty: string; crv: string; x: string; y: string; kid: string; alg: string; use: string } {
  const { d: _private, ...publicJwk } = testKeys[name];
  return { ...publicJwk, kid: name, alg: "ES256", use: "sig" };
}

