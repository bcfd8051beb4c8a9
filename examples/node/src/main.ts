/**
 * A Tessera token server on plain node:http, through @tessera/node, with a demo protected
 * resource: GET /whoami answers who the bearer access token says the caller is.
 *
 * Configured from the environment (PORT, HOST, OAUTH_ISSUER, OAUTH_CLIENTS, OAUTH_PRIVATE_KEY, …;
 * see examples/README.md). Logs one JSON line per request and per security event on stdout. From
 * the repository root: `npx tsc -b && node examples/node/dist/main.js`.
 */
import { readFile } from "node:fs/promises";
import type { IncomingMessage, ServerResponse } from "node:http";
import { clientCredentialsGrant, createAuthorizationServer, createResourceServer } from "@tessera/core";
import { batchedLines, createRequestLog, loadConfig, toConfigError, whenListening, whoamiBody, type RequestLog } from "@tessera/example-config";
import { openPostgres } from "@tessera/example-config/postgres";
import { authorize, createListenerServer, createRequestListener, type RequestListener } from "@tessera/node";

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
  // known only now. The handlers are created straight after, before any request can be read.
  // GET /whoami is the demo protected resource; every other request is the token server's.
  // @tessera/node's server bounds request heads and slow clients; on SIGTERM or SIGINT it
  // finishes the requests in flight, closes the database and exits 0, within 10 s.
  const http = createListenerServer((req, res) => (isWhoami(req) ? whoami : endpoints)(req, res), {
    shutdown: { onClose: () => config.close() },
  });
  const port = await whenListening(http.listen(config.port, config.host), config);

  const server = createAuthorizationServer({ ...config.options(port), grants: [clientCredentialsGrant()], events: log.events });
  const endpoints = createRequestListener(server.fetch);

  // Its resource server takes the keys straight from `server`, and accepts the tokens issued for
  // the configured audience (OAUTH_AUDIENCE, else the issuer).
  const resourceServer = createResourceServer({
    issuer: server.issuer,
    audience: config.audience(port),
    keys: server.keys,
    revocations: config.revocations, // a token revoked at /revoke is refused at once
    replay: config.stores.replay, // DPoP proofs accepted once, across instances with a database
  });
  const whoami = logged(log, (clientIds) =>
    authorize(resourceServer, (req, res, principal) => {
      clientIds.set(req, principal.clientId);
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify(whoamiBody(principal)));
    }),
  );
  await server.ready; // a key that cannot be used stops start-up here, before it is announced

  console.log(`Tessera token server listening on ${config.url(port)}`);
} catch (error) {
  const configError = toConfigError(error, process.env);
  if (configError === undefined) throw error; // a bug, not a setting: keep its stack trace
  console.error(`error: ${configError.message}`);
  process.exit(1);
}

function isWhoami(req: IncomingMessage): boolean {
  return (req.method === "GET" || req.method === "HEAD") && req.url?.split("?")[0] === "/whoami";
}

/** `listener`, with a log line for each request it answers, naming the client whose token it accepted. */
function logged(log: RequestLog, make: (clientIds: WeakMap<IncomingMessage, string>) => RequestListener): RequestListener {
  const clientIds = new WeakMap<IncomingMessage, string>();
  const listener = make(clientIds);
  return (req: IncomingMessage, res: ServerResponse) => {
    const started = performance.now();
    res.once("finish", () =>
      log.request({
        method: req.method ?? "GET",
        path: "/whoami",
        status: res.statusCode,
        duration: (performance.now() - started) / 1000,
        clientId: clientIds.get(req),
        requestId: req.headers["x-request-id"] as string | undefined,
        caller: req.socket.remoteAddress,
      }),
    );
    listener(req, res);
  };
}
