/**
 * A Tessera token server as a Cloudflare Worker: `export default { fetch }`, with a demo
 * protected resource: GET /whoami answers who the bearer access token says the caller is.
 *
 * Configured by the Worker's bindings, with the names and rules of every example's environment
 * variables (OAUTH_ISSUER, OAUTH_CLIENTS, OAUTH_PRIVATE_KEY, …; see examples/README.md): vars and
 * secrets when deployed, the process environment under `pnpm start` (see start.ts). A Worker
 * reads no files, so the `*_FILE` variables are for `pnpm start` only, which inlines them.
 * Deployed, set OAUTH_ISSUER (its default, `http://localhost:$PORT`, is for running locally),
 * OAUTH_CLIENTS and OAUTH_PRIVATE_KEY (as secrets).
 *
 * Its state is kept in the D1 database and the Durable Object namespace that wrangler.json
 * declares (`DB`, `TESSERA_COUNTERS`), shared by every isolate: clients (OAUTH_CLIENTS is
 * upserted at start; without it, the clients in D1 are served, and there is no demo client) and
 * revocations in D1, the lockout's counters in a Durable Object per key. Without those bindings,
 * in memory, like the other examples without OAUTH_DATABASE_URL.
 *
 * Nothing here is Node: the bundle is built for a platform without Node built-ins and runs on
 * workerd without `nodejs_compat`.
 */
import {
  clientCredentialsGrant,
  createAuthorizationServer,
  createResourceServer,
} from "@tessera/core";
import { CountersObject } from "@tessera/cloudflare";
import { setPeerAddress } from "@tessera/core/adapter";
import { createRequestLog, loadConfig, toConfigError, withWhoami, type Env, type FetchHandler } from "@tessera/example-config";
import { d1Database, type StoreBindings } from "./d1-database.js";

/** The Durable Object class that the `TESSERA_COUNTERS` binding of wrangler.json names. */
export { CountersObject };

/**
 * The server's handler, made by the first request (Workers allow no key generation or import
 * before one), or `undefined` when the configuration cannot work.
 */
let started: Promise<FetchHandler | undefined> | undefined;

export default {
  async fetch(request: Request, bindings: Record<string, unknown>): Promise<Response> {
    // The lockout counts failures per peer: Cloudflare names the client's address in CF-Connecting-IP.
    const peer = request.headers.get("cf-connecting-ip");
    if (peer !== null) setPeerAddress(request, peer);
    const handler = await (started ??= start(variables(bindings), bindings as StoreBindings));
    return handler?.(request) ?? Response.json(notConfigured, { status: 500 });
  },
};

const notConfigured = { error: "server_error", error_description: "The server is not configured." };

/**
 * Makes the server, or says once in the log why it cannot: one line naming the variable at fault.
 * GET /whoami is the demo protected resource; every other request is the token server's.
 */
async function start(env: Env, bindings: StoreBindings): Promise<FetchHandler | undefined> {
  try {
    const config = await loadConfig(env, { readFile: noFiles, database: await d1Database(bindings) });
    for (const warning of config.warnings) console.warn(`warning: ${warning}`);
    const log = createRequestLog(); // one JSON line per request and per security event, in the Worker's log
    // PORT has no meaning in a Worker; it stands in the default issuer when run locally.
    const server = createAuthorizationServer({ ...config.options(config.port), grants: [clientCredentialsGrant()], events: log.events });
    // Its resource server takes the keys straight from `server`, and accepts the tokens issued
    // for the configured audience (OAUTH_AUDIENCE, else the issuer).
    const resourceServer = createResourceServer({
      issuer: server.issuer,
      audience: config.audience(config.port),
      keys: server.keys,
      revocations: config.revocations, // a token revoked at /revoke is refused at once
      replay: config.stores.replay, // DPoP proofs accepted once, across instances with a database
    });
    await server.ready; // a key that cannot be used fails here
    return withWhoami(resourceServer, server.fetch, log);
  } catch (error) {
    const configError = toConfigError(error, env);
    console.error(configError === undefined ? error : `error: ${configError.message}`);
    return undefined;
  }
}

/** The string bindings (vars and secrets): the environment variables of a Worker. */
function variables(bindings: Record<string, unknown>): Env {
  return Object.fromEntries(Object.entries(bindings).filter((entry): entry is [string, string] => typeof entry[1] === "string"));
}

function noFiles(path: string): Promise<never> {
  return Promise.reject(new Error(`a Worker has no file system to read ${path} from`));
}
