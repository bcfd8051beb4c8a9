/** The names of the targets that are not in-process (those are in inprocess/operations.ts), without importing any of them. */

/** Bench workers (worker.ts) that listen on `node:http`, on the group's Node. */
export const httpTargets = [
  "minimal",
  "tessera-node",
  "tessera-hono",
  "oidc-provider",
  "jmondi",
  "verify-minimal",
  "verify-tessera-node",
  "verify-tessera-hono",
  "verify-hono-jwk",
  "verify-express-oauth2",
  "verify-passport",
] as const;
export type HttpTarget = (typeof httpTargets)[number];

/** The examples, started as `pnpm start` starts them (servers/examples.ts). */
export const exampleTargets = ["example-node", "example-hono", "example-bun", "example-deno"] as const;
export type ExampleTarget = (typeof exampleTargets)[number];

/** Fetch handlers served by Bun.serve or Deno.serve (servers/fetch-handlers.ts, runtimes/serve.ts). */
export const fetchTargets = ["fetch-minimal", "fetch-tessera", "fetch-verify-minimal", "fetch-verify-tessera"] as const;
export type FetchTarget = (typeof fetchTargets)[number];
