/**
 * A Tessera token server on plain node:http, through @tessera/node, with a demo protected
 * resource: GET /whoami answers who the bearer access token says the caller is.
 *
 * Configured from the environment (PORT, HOST, OAUTH_ISSUER, OAUTH_CLIENTS, OAUTH_PRIVATE_KEY, …;
 * see examples/README.md). From the repository root: `npx tsc -b && node examples/node/dist/main.js`.
 */
import { readFile } from "node:fs/promises";
import { createServer } from "node:http";
import { clientCredentialsGrant, createAuthorizationServer, createResourceServer } from "@tessera/core";
import { loadConfig, toConfigError, whenListening, whoamiBody } from "@tessera/example-config";
import { openPostgres } from "@tessera/example-config/postgres";
import { authorize, createRequestListener } from "@tessera/node";

try {
  // With OAUTH_DATABASE_URL, the state every instance shares is kept in PostgreSQL.
  const config = await loadConfig(process.env, { readFile, openDatabase: openPostgres });
  for (const warning of config.warnings) console.error(`warning: ${warning}`);

  // Listen first: the issuer defaults to http://localhost:PORT, and with PORT=0 that port is
  // known only now. The handlers are created straight after, before any request can be read.
  // GET /whoami is the demo protected resource; every other request is the token server's.
  const http = createServer((req, res) => {
    const isWhoami = (req.method === "GET" || req.method === "HEAD") && req.url?.split("?")[0] === "/whoami";
    (isWhoami ? whoami : endpoints)(req, res);
  });
  const port = await whenListening(http.listen(config.port, config.host), config);

  const server = createAuthorizationServer({ ...config.options(port), grants: [clientCredentialsGrant()] });
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
  const whoami = authorize(resourceServer, (_req, res, principal) => {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify(whoamiBody(principal)));
  });
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
