/** The targets the bench can start, by the name `worker.js` takes, with their labels. */
import { inProcessTargets, type InProcessTarget } from "./inprocess/operations.js";

export const httpTargets = ["minimal", "tessera-node", "tessera-hono", "oidc-provider", "jmondi"] as const;
export type HttpTarget = (typeof httpTargets)[number];
export type TargetName = HttpTarget | InProcessTarget;

export function isHttpTarget(name: string | undefined): name is HttpTarget {
  return (httpTargets as readonly (string | undefined)[]).includes(name);
}

export function isInProcessTarget(name: string | undefined): name is InProcessTarget {
  return (inProcessTargets as readonly (string | undefined)[]).includes(name);
}

export const labels: Readonly<Record<TargetName, string>> = {
  "subtle-sign": "floor: crypto.subtle.sign",
  "node-sign": "floor: node:crypto sign (callback)",
  "minimal-fetch": "minimal fetch handler (Request → Response)",
  tessera: "respondToTokenRequest",
  minimal: "floor: minimal node:http + node:crypto",
  "tessera-node": "@tessera/node",
  "tessera-hono": "@tessera/hono on @hono/node-server",
  "oidc-provider": "oidc-provider",
  jmondi: "@jmondi/oauth2-server",
  "digest-tessera": "the core's synchronous SHA-256",
  "digest-webcrypto": "crypto.subtle.digest (the alternative)",
  "random-tessera": "the core's batched random bytes",
  "random-webcrypto": "crypto.getRandomValues per id (the alternative)",
  "auth-unknown-client": "401 for an unknown client id",
  "auth-wrong-secret": "401 for a known client id, wrong secret",
  "tessera-private-key-jwt": "respondToTokenRequest, private_key_jwt (EdDSA assertion)",
  "tessera-dpop": "respondToTokenRequest, client_secret_basic + DPoP proof (EdDSA)",
};
