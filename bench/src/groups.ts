/**
 * What one bench run measures, as groups of targets compared with each other. Within a group
 * the targets run under the same conditions, their rounds interleaved (A, B, C, A, B, C, …) so
 * that machine noise falls on all of them alike, and every ratio is taken inside one group.
 */
import { rfc9068, type TokenExpectations } from "./check.js";
import type { Alg } from "./fixture.js";
import type { TargetName } from "./targets.js";

/** How a target stands in its group. */
export type Role = "floor" | "tessera" | "peer" | "reference";

export interface RowSpec {
  readonly target: TargetName;
  readonly role: Role;
}

export interface GroupSpec {
  readonly id: string;
  readonly title: string;
  readonly kind: "in-process" | "http";
  readonly alg: Alg;
  /**
   * 1: the server (or in-process target) pinned to CPU 0 with `taskset`, the load generator to
   * CPU 1. 2: nothing pinned; the load generator shares the two cores with the server.
   */
  readonly cores: 1 | 2;
  readonly rows: readonly RowSpec[];
}

const floor = (target: TargetName): RowSpec => ({ target, role: "floor" });
const tessera = (target: TargetName): RowSpec => ({ target, role: "tessera" });
const peer = (target: TargetName): RowSpec => ({ target, role: "peer" });
const reference = (target: TargetName): RowSpec => ({ target, role: "reference" });

function inProcess(alg: Alg, withNodeSign: boolean): GroupSpec {
  return {
    id: `inprocess-${alg.toLowerCase()}`,
    title: `In-process, ${alg}, concurrency 50, both cores`,
    kind: "in-process",
    alg,
    cores: 2,
    // The minimal fetch handler is what any endpoint on `Request` and `Response` pays here; it is
    // compared with as a peer is, so Tessera's ratio to it shows what is Tessera's own.
    rows: [floor("subtle-sign"), ...(withNodeSign ? [reference("node-sign")] : []), peer("minimal-fetch"), tessera("tessera")],
  };
}

function http(alg: Alg, cores: 1 | 2, withPeers: boolean): GroupSpec {
  return {
    id: `http-${alg.toLowerCase()}-${cores === 1 ? "1core" : "2cores"}`,
    title:
      cores === 1
        ? `HTTP, ${alg}, 50 connections, one core (server on CPU 0, load generator on CPU 1)`
        : `HTTP, ${alg}, 50 connections, two cores (server and load generator unpinned)`,
    kind: "http",
    alg,
    cores,
    rows: [
      floor("minimal"),
      tessera("tessera-node"),
      tessera("tessera-hono"),
      ...(withPeers ? [peer("oidc-provider"), peer("jmondi")] : []),
    ],
  };
}

/**
 * A primitive of the core against the WebCrypto call it replaces, per token request's worth of
 * work; "floor" is the alternative, so "× floor" is the primitive's speed-up.
 */
function primitive(id: "digest" | "random", title: string): GroupSpec {
  return {
    id: `primitive-${id}`,
    title: `In-process, ${title}, concurrency 50, both cores`,
    kind: "in-process",
    alg: "RS256",
    cores: 2,
    rows: [floor(`${id}-webcrypto`), tessera(`${id}-tessera`)],
  };
}

/**
 * Issue 14: what a key costs a client over a secret, relative to client_secret_basic on the same
 * server in the same run (target: at least 0.8×). RS256 access tokens are the default; ES256
 * ones are cheap to sign, so there the assertion's or proof's verification weighs the most.
 */
function keyBound(alg: Alg): GroupSpec {
  return {
    id: `key-bound-${alg.toLowerCase()}`,
    title: `In-process, ${alg} tokens: private_key_jwt and DPoP against client_secret_basic (floor), concurrency 50, both cores`,
    kind: "in-process",
    alg,
    cores: 2,
    rows: [floor("tessera"), tessera("tessera-private-key-jwt"), tessera("tessera-dpop")],
  };
}

export const groups: readonly GroupSpec[] = [
  inProcess("RS256", true),
  inProcess("ES256", false),
  inProcess("EdDSA", false),
  http("RS256", 1, true),
  http("RS256", 2, true),
  http("ES256", 2, false),
  http("EdDSA", 2, false),
  primitive("digest", "SHA-256 of a client secret"),
  primitive("random", "16 random bytes for a jti"),
  keyBound("RS256"),
  keyBound("ES256"),
  {
    id: "client-auth-timing",
    title: "In-process, a wrong secret: unknown client id (floor) against a known one, concurrency 50, both cores",
    kind: "in-process",
    alg: "RS256",
    cores: 2,
    rows: [floor("auth-unknown-client"), tessera("auth-wrong-secret")],
  },
];

/** What each HTTP target's tokens must look like (peers set other claims and types). */
export function expectations(target: TargetName, alg: Alg): TokenExpectations {
  switch (target) {
    case "jmondi":
      // jsonwebtoken writes `typ: JWT`; the library names the client in `cid`.
      return { alg, typ: "JWT", clientClaim: "cid", issuerAndAudience: true };
    default:
      return rfc9068(alg);
  }
}
