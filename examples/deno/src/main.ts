/**
 * A Tessera token server on Deno: `Deno.serve(server.fetch)`, with a demo protected resource:
 * GET /whoami answers who the bearer access token says the caller is.
 *
 * Configured from the environment like every example (PORT, HOST, OAUTH_ISSUER, OAUTH_CLIENTS,
 * OAUTH_PRIVATE_KEY, …; see examples/README.md). From the repository root:
 * `npx -y pnpm@12.4.2 --filter @tessera/example-deno start`, which builds the workspace and runs
 * `deno run --allow-env --allow-net --allow-read src/main.ts` with the Deno from npm.
 */
import {
  clientCredentialsGrant,
  createAuthorizationServer,
  createResourceServer,
} from "@tessera/core";
import { setPeerAddress } from "@tessera/core/adapter";
import { ConfigError, createRequestLog, loadConfig, toConfigError, withWhoami, type ExampleConfig } from "@tessera/example-config";
import { openPostgres } from "@tessera/example-config/postgres";

const env = Deno.env.toObject();
try {
  // With OAUTH_DATABASE_URL, the state every instance shares is kept in PostgreSQL.
  const config = await loadConfig(env, { readFile: Deno.readTextFile, openDatabase: openPostgres });
  for (const warning of config.warnings) console.error(`warning: ${warning}`);
  const log = createRequestLog(); // one JSON line per request and per security event, on stdout

  // Listen first: the issuer defaults to http://localhost:PORT, and with PORT=0 that port is
  // known only now. The handlers are created straight after, before any request can be read.
  // GET /whoami is the demo protected resource; every other request is the token server's.
  // The lockout counts failures per peer: Deno tells the peer's address in `info`.
  const http = listen(config, (request, info) => {
    setPeerAddress(request, info.remoteAddr.hostname);
    return handler(request);
  });
  const { port } = http.addr;

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
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    Deno.addSignalListener(signal, () => void (stopping ??= http.shutdown().then(() => config.close())));
  }
} catch (error) {
  const configError = toConfigError(error, env);
  if (configError === undefined) throw error; // a bug, not a setting: keep its stack trace
  console.error(`error: ${configError.message}`);
  Deno.exit(1);
}

/** `Deno.serve` on PORT and HOST, a port in use or a foreign address named as the variable at fault. */
function listen(config: ExampleConfig, handler: Deno.ServeHandler<Deno.NetAddr>): Deno.HttpServer<Deno.NetAddr> {
  try {
    // `onListen` replaces Deno's own "Listening on …" line with the examples' one.
    return Deno.serve({ port: config.port, hostname: config.host, onListen: () => {} }, handler);
  } catch (error) {
    if (error instanceof Deno.errors.AddrInUse) throw new ConfigError("PORT", `port ${config.port} is already in use on ${config.host}`);
    if (error instanceof Deno.errors.PermissionDenied) throw new ConfigError("PORT", `no permission to listen on port ${config.port}`);
    if (error instanceof Deno.errors.AddrNotAvailable) throw new ConfigError("HOST", `${config.host} is not an address of this machine`);
    throw error;
  }
}
