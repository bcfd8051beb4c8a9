/**
 * A Tessera token server inside a Hono app, served by @hono/node-server, with a demo protected
 * resource: GET /whoami answers who the bearer access token says the caller is.
 *
 * Configured from the environment (PORT, HOST, OAUTH_ISSUER, OAUTH_CLIENTS, OAUTH_PRIVATE_KEY, …;
 * see examples/README.md). From the repository root: `npx tsc -b && node examples/hono/dist/main.js`.
 */
import { readFile } from "node:fs/promises";
import { serve } from "@hono/node-server";
import { clientCredentialsGrant, createAuthorizationServer, createResourceServer } from "@tessera/core";
import { batchedLines, createRequestLog, loadConfig, toConfigError, whenListening, whoamiBody } from "@tessera/example-config";
import { openPostgres } from "@tessera/example-config/postgres";
import { authorize, tessera, type TesseraEnv } from "@tessera/hono";
import type { HttpBindings } from "@hono/node-server";
import { Hono } from "hono";

try {
  // With OAUTH_DATABASE_URL, the state every instance shares is kept in PostgreSQL.
  const config = await loadConfig(process.env, { readFile, openDatabase: openPostgres });
  for (const warning of config.warnings) console.error(`warning: ${warning}`);
  // One JSON line per request and per security event on stdout, written a batch per turn of the
  // event loop rather than a system call per line; what is waiting is written on exit.
  const lines = batchedLines((text) => process.stdout.write(text));
  process.on("exit", lines.flush);
  const log = createRequestLog(lines);

  // Listen first: the issuer defaults to http://localhost:PORT, and with PORT=0 that port is
  // known only now. `app` is built straight after, before any request can be read.
  const http = serve({
    fetch: (request, env) => app.fetch(request, env),
    port: config.port,
    hostname: config.host,
    overrideGlobalObjects: false, // keep the platform's own Request and Response
    // The bounds @tessera/node's server sets (node:http's defaults let a half-sent request head
    // hold a connection for 60 s, a whole request for 300 s): in milliseconds here.
    serverOptions: { headersTimeout: 10_000, requestTimeout: 30_000, connectionsCheckingInterval: 2_500, maxHeaderSize: 16_384 },
  });
  const port = await whenListening(http, config);

  const server = createAuthorizationServer({ ...config.options(port), grants: [clientCredentialsGrant()], events: log.events });
  const app = new Hono<{ Bindings: HttpBindings } & TesseraEnv>();
  app.get("/", (c) =>
    c.json({
      message: "A Tessera OAuth 2.0 token server. Its endpoints are listed in the metadata document.",
      issuer: server.issuer,
      metadata: new URL(server.paths.metadata, server.issuer).href,
    }),
  );
  app.route("/", tessera(server));

  // The demo protected resource. Its resource server takes the keys straight from `server`, and
  // accepts the tokens issued for the configured audience (OAUTH_AUDIENCE, else the issuer).
  const resourceServer = createResourceServer({
    issuer: server.issuer,
    audience: config.audience(port),
    keys: server.keys,
    revocations: config.revocations, // a token revoked at /revoke is refused at once
    replay: config.stores.replay, // DPoP proofs accepted once, across instances with a database
  });
  app.use("/whoami", async (c, next) => {
    const started = performance.now();
    await next(); // a refusal is rendered by then: Hono's default onError answers the OAuth response
    const { method, raw: request } = c.req;
    const [duration, clientId, caller] = [(performance.now() - started) / 1000, c.get("principal")?.clientId, c.env.incoming.socket.remoteAddress];
    log.request({ method, path: "/whoami", status: c.res.status, duration, clientId, request, caller });
  });
  app.get("/whoami", authorize(resourceServer), (c) => c.json(whoamiBody(c.get("principal"))));
  await server.ready; // a key that cannot be used stops start-up here, before it is announced

  console.log(`Tessera token server listening on ${config.url(port)}`);
  // Finish the requests in flight, then let the database go.
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => http.close(() => void config.close()));
} catch (error) {
  const configError = toConfigError(error, process.env);
  if (configError === undefined) throw error; // a bug, not a setting: keep its stack trace
  console.error(`error: ${configError.message}`);
  process.exit(1);
}
