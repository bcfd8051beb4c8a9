/** The targets the bench can start, by name, with how each runs and its label. */
import { inProcessTargets, type InProcessTarget } from "./inprocess/operations.js";
import type { Runtime } from "./runtimes/runtime.js";
import type { ExampleStore } from "./servers/example-environment.js";
import { exampleTargets, fetchTargets, httpTargets, type ExampleTarget, type FetchTarget, type HttpTarget } from "./target-names.js";

export { exampleTargets, fetchTargets, httpTargets, type ExampleTarget, type FetchTarget, type HttpTarget };

export type TargetName = HttpTarget | InProcessTarget | ExampleTarget | FetchTarget;

/** How a target runs: a bench worker over IPC, an example as `pnpm start` runs it, or a fetch handler on Bun or Deno. */
export type TargetKind = "worker-http" | "worker-in-process" | "example" | "fetch";

export function isHttpTarget(name: string | undefined): name is HttpTarget {
  return (httpTargets as readonly (string | undefined)[]).includes(name);
}

export function isInProcessTarget(name: string | undefined): name is InProcessTarget {
  return (inProcessTargets as readonly (string | undefined)[]).includes(name);
}

export function targetKind(name: TargetName): TargetKind {
  if (isHttpTarget(name)) return "worker-http";
  if (isInProcessTarget(name)) return "worker-in-process";
  if ((exampleTargets as readonly string[]).includes(name)) return "example";
  if ((fetchTargets as readonly string[]).includes(name)) return "fetch";
  throw new Error(`unknown target ${name}`);
}

const fixedLabels: Readonly<Record<Exclude<TargetName, FetchTarget | ExampleTarget>, string>> = {
  "subtle-sign": "floor: crypto.subtle.sign",
  "node-sign": "floor: node:crypto sign (callback)",
  "minimal-fetch": "minimal fetch handler (Request → Response)",
  tessera: "respondToTokenRequest (lean)",
  "tessera-example": "respondToTokenRequest (examples' configuration)",
  "verify-jose": "floor: jose jwtVerify, pre-imported key",
  "verify-token": "verifyToken (lean)",
  "verify-request": "verifyRequest (lean)",
  minimal: "floor: minimal node:http + node:crypto",
  "tessera-node": "@tessera/node (lean)",
  "tessera-hono": "@tessera/hono on @hono/node-server (lean)",
  "oidc-provider": "oidc-provider",
  jmondi: "@jmondi/oauth2-server",
  "verify-minimal": "floor: minimal node:http + jose jwtVerify",
  "verify-tessera-node": "@tessera/node authorize (lean)",
  "verify-tessera-hono": "@tessera/hono authorize on @hono/node-server (lean)",
  "verify-hono-jwk": "hono/jwk on @hono/node-server",
  "verify-express-oauth2": "express-oauth2-jwt-bearer on Express",
  "verify-passport": "passport-jwt on Express",
  "digest-tessera": "the core's synchronous SHA-256",
  "digest-webcrypto": "crypto.subtle.digest (the alternative)",
  "random-tessera": "the core's batched random bytes",
  "random-webcrypto": "crypto.getRandomValues per id (the alternative)",
  "auth-unknown-client": "401 for an unknown client id",
  "auth-wrong-secret": "401 for a known client id, wrong secret",
  "tessera-private-key-jwt": "respondToTokenRequest, private_key_jwt (EdDSA assertion)",
  "tessera-dpop": "respondToTokenRequest, client_secret_basic + DPoP proof (EdDSA)",
};

/** A target's label in its group: fetch targets name their runtime's server, examples their store. */
export function label(name: TargetName, runtime: Runtime, store: ExampleStore = "memory"): string {
  const serve = runtime.kind === "bun" ? "Bun.serve" : "Deno.serve";
  switch (name) {
    case "fetch-minimal":
      return `floor: minimal fetch handler on ${serve}`;
    case "fetch-tessera":
      return `core's fetch on ${serve} (lean)`;
    case "fetch-verify-minimal":
      return `floor: jose jwtVerify fetch handler on ${serve}`;
    case "fetch-verify-tessera":
      return `core's authorize on ${serve} (lean)`;
    case "example-node":
    case "example-hono":
    case "example-bun":
    case "example-deno":
      return `examples/${name.slice("example-".length)} as pnpm start runs it${store === "memory" ? "" : `, ${store}`}`;
    default:
      return fixedLabels[name];
  }
}
