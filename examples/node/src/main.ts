/**
 * A Tessera token server on plain node:http, through @tessera/node.
 *
 * Configured from the environment (PORT, HOST, OAUTH_ISSUER, OAUTH_CLIENTS, OAUTH_PRIVATE_KEY, …;
 * see examples/README.md). From the repository root: `npx tsc -b && node examples/node/dist/main.js`.
 */
import { readFile } from "node:fs/promises";
import { clientCredentialsGrant, createAuthorizationServer } from "@tessera/core";
import { loadConfig, toConfigError, whenListening } from "@tessera/example-config";
import { createServer } from "@tessera/node";

try {
  const config = await loadConfig(process.env, { readFile });
  for (const warning of config.warnings) console.error(`warning: ${warning}`);

  // Listen first: the issuer defaults to http://localhost:PORT, and with PORT=0 that port is
  // known only now. `server` is created straight after, before any request can be read.
  const http = createServer((request) => server.fetch(request));
  const port = await whenListening(http.listen(config.port, config.host), config);

  const server = createAuthorizationServer({ ...config.options(port), grants: [clientCredentialsGrant()] });
  await server.ready; // a key that cannot be used stops start-up here, before it is announced

  console.log(`Tessera token server listening on ${config.url(port)}`);
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => http.close());
} catch (error) {
  const configError = toConfigError(error, process.env);
  if (configError === undefined) throw error; // a bug, not a setting: keep its stack trace
  console.error(`error: ${configError.message}`);
  process.exit(1);
}
