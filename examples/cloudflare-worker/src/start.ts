/**
 * `pnpm start`: the Worker in worker.ts, run locally on workerd through Miniflare, with the process
 * environment as its bindings, so that it obeys the same environment variables as every example
 * (see examples/README.md) and prints the same lines.
 *
 * - The configuration is checked here first, as every example does at start-up, so that a
 *   mistake stops start-up with one line naming the variable (a Worker could only answer 500).
 * - The bindings are PORT (as listened on), HOST and every OAUTH_* variable; a Worker reads no
 *   files, so each `*_FILE` variable's file is read here and bound under the variable it stands
 *   for (OAUTH_PRIVATE_KEY_FILE as OAUTH_PRIVATE_KEY). The D1 database and the Durable Object
 *   namespace that wrangler.json declares are bound too, local to this run and empty at start.
 * - The Worker is bundled with esbuild for a platform without Node built-ins and runs without
 *   `nodejs_compat`, at the compatibility date in wrangler.json. Miniflare is told not to fetch
 *   the `request.cf` data from the network.
 */
import { readFile } from "node:fs/promises";
import { createServer } from "node:net";
import { clientCredentialsGrant, createAuthorizationServer, MemoryStore } from "@tessera/core";
import { ConfigError, loadConfig, toConfigError, whenListening, type ExampleConfig } from "@tessera/example-config";
import { bundleWorker, readWorkerDefinition, storageBindings } from "./worker-bundle.js";

try {
  // The Worker keeps its state in the bindings below; stand-in stores are enough for the check.
  const database = { clients: new MemoryStore(), revocations: new MemoryStore(), changes: undefined, counters: new MemoryStore(), replay: new MemoryStore(), close: async () => {} };
  const config = await loadConfig(process.env, { readFile, database });
  const port = await choosePort(config);
  const check = createAuthorizationServer({ ...config.options(port), grants: [clientCredentialsGrant()] });
  await check.ready; // a key that cannot be used stops start-up here, named by its variable

  const definition = await readWorkerDefinition();
  // Loaded once the configuration is known to be good, so that a mistake is reported at once.
  const { Miniflare } = await import("miniflare");
  const worker = new Miniflare({
    modules: true,
    script: await bundleWorker(definition),
    compatibilityDate: definition.compatibility_date,
    bindings: await bindingsFrom(process.env, port),
    ...storageBindings(definition),
    host: config.host,
    port,
    cf: false,
  });
  const url = await worker.ready;
  // The first request makes the Worker's server, which prints the configuration's warnings.
  const first = await worker.dispatchFetch(new URL("/.well-known/jwks.json", url));
  await first.arrayBuffer();
  if (!first.ok) throw new Error(`the Worker answered its first request with ${first.status}`);

  console.log(`Tessera token server listening on ${config.url(port)}`);
  // Miniflare's own signal handlers exit with 130 or 143; stop as every example does instead,
  // and exit 0 (its exit hook still ends workerd should anything go wrong).
  let stopping: Promise<void> | undefined;
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.removeAllListeners(signal);
    process.on(signal, () => void (stopping ??= worker.dispose()));
  }
} catch (error) {
  const configError = toConfigError(error, process.env);
  if (configError === undefined) throw error; // a bug, not a setting: keep its stack trace
  console.error(`error: ${configError.message}`);
  process.exit(1);
}

/**
 * PORT, or with `PORT=0` a free one the system picks, found by listening on it for a moment (the
 * Worker's default issuer needs the port before it starts). A port in use or an address that is
 * not this machine's is named as every example names it.
 */
async function choosePort(config: ExampleConfig): Promise<number> {
  const probe = createServer();
  const port = await whenListening(probe.listen(config.port, config.host), config);
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** The Worker's bindings: PORT as listened on, HOST, and the OAUTH_* variables, files inlined. */
async function bindingsFrom(env: NodeJS.ProcessEnv, port: number): Promise<Record<string, string>> {
  const bindings: Record<string, string> = { PORT: String(port) };
  if (env.HOST !== undefined) bindings.HOST = env.HOST;
  for (const [name, value] of Object.entries(env)) {
    if (!name.startsWith("OAUTH_") || value === undefined) continue;
    if (!name.endsWith("_FILE")) {
      bindings[name] = value;
      continue;
    }
    try {
      // Read as loadConfig read it a moment ago; a file that vanished since is still named.
      bindings[name.slice(0, -"_FILE".length)] = await readFile(value, "utf8");
    } catch {
      throw new ConfigError(name, `cannot read ${value}`);
    }
  }
  return bindings;
}
