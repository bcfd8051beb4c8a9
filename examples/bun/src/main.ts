/**
 * A Tessera token server on Bun: `Bun.serve({ fetch: server.fetch })`, with a demo protected
 * resource: GET /whoami answers who the bearer access token says the caller is.
 *
 * Configured from the environment like every example (PORT, HOST, OAUTH_ISSUER, OAUTH_CLIENTS,
 * OAUTH_PRIVATE_KEY, …; see examples/README.md). From the repository root:
 * `npx -y pnpm@12.4.2 --filter @tessera/example-bun start`, which builds the workspace and runs
 * `bun src/main.ts` with the Bun from npm.
 */
import {
  clientCredentialsGrant,
  createAuthorizationServer,
  createResourceServer,
} from "@tessera/core";
import { setPeerAddress } from "@tessera/core/adapter";
import { ConfigError, createRequestLog, loadConfig, toConfigError, withWhoami, type ExampleConfig } from "@tessera/example-config";
import { openPostgres } from "@tessera/example-config/postgres";

try {
  // With OAUTH_DATABASE_URL, the state every instance shares is kept in PostgreSQL.
  const config = await loadConfig(Bun.env, { readFile: (path) => Bun.file(path).text(), openDatabase: openPostgres });
  for (const warning of config.warnings) console.error(`warning: ${warning}`);
  const log = createRequestLog(); // one JSON line per request and per security event, on stdout

  // Listen first: the issuer defaults to http://localhost:PORT, and with PORT=0 that port is
  // known only now. The handlers are created straight after, before any request can be read.
  // GET /whoami is the demo protected resource; every other request is the token server's.
  // The lockout counts failures per peer: Bun tells the peer's address through `server.requestIP`.
  const http = listen(config, (request, bun) => {
    const peer = bun.requestIP(request);
    if (peer !== null) setPeerAddress(request, peer.address);
    return handler(request);
  });
  const port = http.port ?? config.port;

  const server = createAuthorizationServer({ ...config.options(port), grants: [clientCredentialsGrant()], events: log.events });
  // Its resource server takes the keys straight from `server`, and accepts the tokens issued for
  // the configured audience (OAUTH_AUDIENCE, else the issuer).
  const resourceServer = createResourceServer({
    issuer: server.issuer,
    audience: config.audience(port),
    keys: server.keys,
    revocations: config.revocations, // a token revoked at /revoke is refused at once
    replay: config.stores.replay, // DPoP proofs accepted once, across instances with a database
  });
  const handler = withWhoami(resourceServer, server.fetch, log);
  await server.ready; // a key that cannot be used stops start-up here, before it is announced

  console.log(`Tessera token server listening on ${config.url(port)}`);
  // Finish the requests in flight, let the database go, then exit 0; a repeated signal changes nothing.
  let stopping: Promise<void> | undefined;
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => void (stopping ??= http.stop().then(() => config.close())));
} catch (error) {
  const configError = toConfigError(error, Bun.env);
  if (configError === undefined) throw error; // a bug, not a setting: keep its stack trace
  console.error(`error: ${configError.message}`);
  process.exit(1);
}

/** `Bun.serve` on PORT and HOST, a port in use or a foreign address named as the variable at fault. */
function listen(config: ExampleConfig, fetch: (request: Request, server: Bun.Server<undefined>) => Promise<Response>): Bun.Server<undefined> {
  try {
    return Bun.serve({ port: config.port, hostname: config.host, fetch });
  } catch (error) {
    switch ((error as { code?: unknown }).code) {
      case "EADDRINUSE":
        throw new ConfigError("PORT", `port ${config.port} is already in use on ${config.host}`);
      case "EACCES":
        throw new ConfigError("PORT", `no permission to listen on port ${config.port}`);
      case "EADDRNOTAVAIL":
        throw new ConfigError("HOST", `${config.host} is not an address of this machine`);
      default:
        throw error;
    }
  }
}
