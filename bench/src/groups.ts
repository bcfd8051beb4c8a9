/**
 * What one bench run measures, as groups of targets compared with each other. Within a group
 * the targets run on one runtime under the same conditions, their rounds interleaved (A, B, C, A,
 * B, C, …) so that machine noise falls on all of them alike, and every ratio is taken inside one
 * group. Every group is built for each Node of `BENCH_NODES` and, where it applies, for Bun and
 * Deno; its id ends with the runtime (`http-rs256-1core-node24`, `verify-http-es256-2cores-bun`).
 */
import { rfc9068, type TokenExpectations } from "./check.js";
import { algs, type Alg } from "./fixture.js";
import { runtimeId, runtimeName, type Runtime } from "./runtimes/runtime.js";
import type { ExampleStore } from "./servers/example-environment.js";
import type { TargetName } from "./targets.js";
import { revocationPending } from "./verify/revocation.js";

/** How a target stands in its group. */
export type Role = "floor" | "tessera" | "peer" | "reference";
/** What a group counts per second. */
export type Unit = "tokens" | "verifications" | "operations";

export interface RowSpec {
  readonly target: TargetName;
  readonly role: Role;
  /** For an example: the store it is started with. */
  readonly store?: ExampleStore | undefined;
}

export interface GroupSpec {
  readonly id: string;
  readonly title: string;
  readonly kind: "in-process" | "http";
  readonly unit: Unit;
  readonly alg: Alg;
  readonly runtime: Runtime;
  /**
   * 1: the server (or in-process target) pinned to CPU 0 with `taskset`, the load generator to
   * CPU 1. 2: nothing pinned; the load generator shares the two cores with the server.
   */
  readonly cores: 1 | 2;
  /** Verifier groups: whether every target checks the revocation set (verify/revocation.ts). */
  readonly revocation: boolean;
  /** Why the group is left out of a run unless `BENCH_GROUPS` names it. */
  readonly pending?: string | undefined;
  readonly rows: readonly RowSpec[];
}

const floor = (target: TargetName): RowSpec => ({ target, role: "floor" });
const tessera = (target: TargetName): RowSpec => ({ target, role: "tessera" });
const peer = (target: TargetName): RowSpec => ({ target, role: "peer" });
const reference = (target: TargetName): RowSpec => ({ target, role: "reference" });
const examples = (targets: readonly TargetName[], stores: readonly ExampleStore[]): RowSpec[] =>
  targets.flatMap((target) => stores.map((store) => ({ target, role: "tessera" as const, store })));

const coresId = (cores: 1 | 2) => (cores === 1 ? "1core" : "2cores");
const coresTitle = (cores: 1 | 2) =>
  cores === 1 ? "one core (server on CPU 0, load generator on CPU 1)" : "two cores (server and load generator unpinned)";

function inProcess(runtime: Runtime, alg: Alg): GroupSpec {
  return {
    id: `inprocess-${alg.toLowerCase()}-${runtimeId(runtime)}`,
    title: `${runtimeName(runtime)}: token issuance in-process, ${alg}, concurrency 50, both cores`,
    kind: "in-process",
    unit: "tokens",
    alg,
    runtime,
    cores: 2,
    revocation: false,
    // The minimal fetch handler is what any endpoint on `Request` and `Response` pays here; it is
    // compared with as a peer is, so Tessera's ratio to it shows what is Tessera's own.
    rows: [
      floor("subtle-sign"),
      ...(alg === "RS256" ? [reference("node-sign")] : []),
      peer("minimal-fetch"),
      tessera("tessera"),
      tessera("tessera-example"),
    ],
  };
}

function issuance(runtime: Runtime, alg: Alg, cores: 1 | 2, stores: readonly ExampleStore[]): GroupSpec {
  const rows =
    runtime.kind === "node"
      ? [
          floor("minimal"),
          tessera("tessera-node"),
          tessera("tessera-hono"),
          ...examples(["example-node", "example-hono"], stores),
          ...(alg === "RS256" ? [peer("oidc-provider"), peer("jmondi")] : []),
        ]
      : [floor("fetch-minimal"), tessera("fetch-tessera"), ...examples([`example-${runtime.kind}`], stores)];
  return {
    id: `http-${alg.toLowerCase()}-${coresId(cores)}-${runtimeId(runtime)}`,
    title: `${runtimeName(runtime)}: token issuance over HTTP, ${alg}, 50 connections, ${coresTitle(cores)}`,
    kind: "http",
    unit: "tokens",
    alg,
    runtime,
    cores,
    revocation: false,
    rows,
  };
}

function verifyInProcess(runtime: Runtime, alg: Alg, revocation: boolean): GroupSpec {
  return {
    id: `verify-inprocess-${alg.toLowerCase()}${revocation ? "-revocation" : ""}-${runtimeId(runtime)}`,
    title: `${runtimeName(runtime)}: verification in-process, ${alg}, revocation ${revocation ? "checked" : "off"}, concurrency 50, both cores`,
    kind: "in-process",
    unit: "verifications",
    alg,
    runtime,
    cores: 2,
    revocation,
    pending: revocation ? revocationPending : undefined,
    rows: [floor("verify-jose"), tessera("verify-token"), tessera("verify-request")],
  };
}

function verifyHttp(runtime: Runtime, alg: Alg, cores: 1 | 2, revocation: boolean, stores: readonly ExampleStore[]): GroupSpec {
  // The examples' /whoami checks revocations in their revocation store: only in the groups that check them.
  const exampleRows = (targets: readonly TargetName[]) => (revocation ? examples(targets, stores) : []);
  const rows =
    runtime.kind === "node"
      ? [
          floor("verify-minimal"),
          tessera("verify-tessera-node"),
          tessera("verify-tessera-hono"),
          ...exampleRows(["example-node", "example-hono"]),
          peer("verify-hono-jwk"),
          peer("verify-express-oauth2"),
          ...(alg === "EdDSA" ? [] : [peer("verify-passport")]),
        ]
      : [floor("fetch-verify-minimal"), tessera("fetch-verify-tessera"), ...exampleRows([`example-${runtime.kind}`])];
  return {
    id: `verify-http-${alg.toLowerCase()}-${coresId(cores)}${revocation ? "-revocation" : ""}-${runtimeId(runtime)}`,
    title: `${runtimeName(runtime)}: protected resource over HTTP, ${alg}, revocation ${revocation ? "checked" : "off"}, 50 connections, ${coresTitle(cores)}`,
    kind: "http",
    unit: "verifications",
    alg,
    runtime,
    cores,
    revocation,
    pending: revocation ? revocationPending : undefined,
    rows,
  };
}

/**
 * A primitive of the core against the WebCrypto call it replaces, per token request's worth of
 * work; "floor" is the alternative, so "× floor" is the primitive's speed-up.
 */
function primitive(runtime: Runtime, id: "digest" | "random", title: string): GroupSpec {
  return {
    id: `primitive-${id}-${runtimeId(runtime)}`,
    title: `${runtimeName(runtime)}: in-process, ${title}, concurrency 50, both cores`,
    kind: "in-process",
    unit: "operations",
    alg: "RS256",
    runtime,
    cores: 2,
    revocation: false,
    rows: [floor(`${id}-webcrypto`), tessera(`${id}-tessera`)],
  };
}

/**
 * Issue 14: what a key costs a client over a secret, relative to client_secret_basic on the same
 * server in the same run (target: at least 0.8×). RS256 access tokens are the default; ES256
 * ones are cheap to sign, so there the assertion's or proof's verification weighs the most.
 */
function keyBound(runtime: Runtime, alg: Alg): GroupSpec {
  return {
    id: `key-bound-${alg.toLowerCase()}-${runtimeId(runtime)}`,
    title: `${runtimeName(runtime)}: in-process, ${alg} tokens, private_key_jwt and DPoP against client_secret_basic (floor), concurrency 50, both cores`,
    kind: "in-process",
    unit: "tokens",
    alg,
    runtime,
    cores: 2,
    revocation: false,
    rows: [floor("tessera"), tessera("tessera-private-key-jwt"), tessera("tessera-dpop")],
  };
}

function clientAuthTiming(runtime: Runtime): GroupSpec {
  return {
    id: `client-auth-timing-${runtimeId(runtime)}`,
    title: `${runtimeName(runtime)}: in-process, a wrong secret: unknown client id (floor) against a known one, concurrency 50, both cores`,
    kind: "in-process",
    unit: "operations",
    alg: "RS256",
    runtime,
    cores: 2,
    revocation: false,
    rows: [floor("auth-unknown-client"), tessera("auth-wrong-secret")],
  };
}

/** Every group of a run on the Node majors `nodes`, Bun and Deno, with the examples on `stores`. */
export function buildGroups(nodes: readonly number[], stores: readonly ExampleStore[]): GroupSpec[] {
  const runtimes: Runtime[] = [...nodes.map((major) => ({ kind: "node" as const, major })), { kind: "bun" }, { kind: "deno" }];
  const groups: GroupSpec[] = [];
  for (const runtime of runtimes) {
    const node = runtime.kind === "node";
    if (node) groups.push(...algs.map((alg) => inProcess(runtime, alg)));
    for (const alg of algs) for (const cores of [1, 2] as const) groups.push(issuance(runtime, alg, cores, stores));
    for (const revocation of [false, true]) {
      if (node) groups.push(...algs.map((alg) => verifyInProcess(runtime, alg, revocation)));
      for (const alg of algs) for (const cores of [1, 2] as const) groups.push(verifyHttp(runtime, alg, cores, revocation, stores));
    }
    if (node) {
      groups.push(primitive(runtime, "digest", "SHA-256 of a client secret"), primitive(runtime, "random", "16 random bytes for a jti"));
      groups.push(clientAuthTiming(runtime));
      groups.push(keyBound(runtime, "RS256"), keyBound(runtime, "ES256"));
    }
  }
  return groups;
}

/**
 * The groups `BENCH_GROUPS` names: comma-separated ids or patterns with `*` (`verify-*`,
 * `*-bun`, `http-rs256-*-node24`). Without it, every group that is not pending. A pending group
 * (today: those checking revocation) is taken only by a pattern that says `revocation`
 * (`verify-*-revocation-*`), so `verify-*` keeps meaning the groups that are ready.
 */
export function selectGroups(all: readonly GroupSpec[], selection = process.env.BENCH_GROUPS): GroupSpec[] {
  const patterns = selection?.split(",").map((part) => part.trim()).filter((part) => part !== "");
  if (patterns === undefined || patterns.length === 0) return all.filter((group) => group.pending === undefined);
  const matchers = patterns.map((pattern) => ({
    pattern,
    regex: new RegExp(`^${pattern.split("*").map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join(".*")}$`),
  }));
  for (const { pattern, regex } of matchers) {
    if (!all.some((group) => regex.test(group.id))) {
      throw new TypeError(
        `BENCH_GROUPS: ${pattern} matches no group (ids end with the runtime, such as http-rs256-1core-node24; * matches any part); ` +
          `groups are ${all.map((group) => group.id).join(", ")}`,
      );
    }
  }
  return all.filter((group) =>
    matchers.some(({ pattern, regex }) => regex.test(group.id) && (group.pending === undefined || pattern.includes("revocation"))),
  );
}

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
