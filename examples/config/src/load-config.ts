import type { AuthorizationServerOptions, RevocationStore } from "@tessera/core";
import { demoClients, readClients } from "./clients.js";
import { ConfigError } from "./config-error.js";
import { readVariable, type Env, type ReadFile } from "./env.js";
import { readPreviousKeys, readSigningKey } from "./signing-key.js";
import { databaseStores, memoryStores, type Database, type ExampleStores } from "./stores.js";

/** What {@link loadConfig} needs besides the environment. */
export interface LoadConfigOptions {
  /** Reads the files the `*_FILE` variables name; on Node, `fs.promises.readFile`. */
  readonly readFile: ReadFile;
  /**
   * Opens (and migrates) the database `OAUTH_DATABASE_URL` names, rejecting with a
   * {@link ConfigError} naming the variable when it cannot; `openPostgres` of
   * `@tessera/example-config/postgres`. Without it, the variable is refused.
   */
  readonly openDatabase?: ((url: string) => Promise<Database>) | undefined;
  /**
   * The database a runtime binds, such as a Worker's D1 and Durable Object: used instead of
   * memory, as `OAUTH_DATABASE_URL` would be (which is then refused).
   */
  readonly database?: Database | undefined;
}

/**
 * The server options the environment decides: everything but `grants`, which the example
 * enables (`clients`, `revocations`, `replay` and `lockout.counters` from where the state is kept).
 */
export type ExampleServerOptions = Omit<AuthorizationServerOptions, "grants">;

/** An example's configuration, read and checked. */
export interface ExampleConfig {
  /** `PORT`: the port to listen on; `0` lets the system pick one. @defaultValue 3000 */
  readonly port: number;
  /** `HOST`: the address to listen on. @defaultValue `127.0.0.1` */
  readonly host: string;
  /** One line for each default that is unsafe beyond a laptop (demo client, generated key). */
  readonly warnings: readonly string[];
  /**
   * `OAUTH_ISSUER`, or `http://localhost:<port>` for the port actually listened on: with
   * `PORT=0` that is known only once listening, so pass the listening port.
   */
  issuer(port: number): string;
  /**
   * `OAUTH_AUDIENCE`, or the issuer: the `aud` of every token, so also the identifier of a
   * resource server in the example that accepts them.
   */
  audience(port: number): string;
  /**
   * Where the state is kept: `"memory"` (a `MemoryStore`, the default) or `"database"`
   * (`OAUTH_DATABASE_URL`, or a database the runtime binds).
   */
  readonly storage: "memory" | "database";
  /**
   * Where revocations are kept: the server's `revocations`, so its revocation endpoint
   * (RFC 7009) works, and the example's resource server's, so a revoked token is refused there
   * at once (with a database, by every instance within a second).
   */
  readonly revocations: RevocationStore;
  /** The stores behind the options, for the features that need more of them. */
  readonly stores: ExampleStores;
  /** Stops following the database and closes it, once the server has closed. */
  close(): Promise<void>;
  /** The server options for the port actually listened on: add `grants` and create the server. */
  options(port: number): ExampleServerOptions;
  /** The URL the server listens on, `http://HOST:PORT`, for the start-up line. */
  url(port: number): string;
}

/**
 * Reads an example's configuration from environment variables. Every example obeys the same
 * contract (see examples/README.md):
 *
 * | Variable | Meaning | Default |
 * |---|---|---|
 * | `PORT` | port to listen on, `0` for any free one | `3000` |
 * | `HOST` | address to listen on; beyond loopback, `OAUTH_CLIENTS` (or a database) and `OAUTH_ISSUER` are required | `127.0.0.1` |
 * | `OAUTH_ISSUER` | issuer identifier (RFC 8414 §2) | `http://localhost:$PORT` |
 * | `OAUTH_CLIENTS` | `{"clients":[{client_id, client_secret or client_secret_hash, scope, grant_types?, token_endpoint_auth_method?, resources?, default_resources?, access_token_ttl?, introspection?, disabled?}]}` | the demo client, with a warning |
 * | `OAUTH_CLIENTS_FILE` | a file holding that JSON, instead of `OAUTH_CLIENTS` | |
 * | `OAUTH_PRIVATE_KEY` | signing key, PKCS#8 PEM (`\n` escapes allowed): RSA ≥ 2048 bits signs RS256, EC P-256 ES256, Ed25519 EdDSA | a fresh RSA-2048 key, with a warning |
 * | `OAUTH_PRIVATE_KEY_FILE` | a file holding that PEM, instead of `OAUTH_PRIVATE_KEY` | |
 * | `OAUTH_PREVIOUS_PRIVATE_KEYS` | earlier signing keys, PKCS#8 PEMs separated by blank lines: published in the JWKS, never signing | none |
 * | `OAUTH_PREVIOUS_PRIVATE_KEYS_FILE` | a file holding those PEMs, instead of `OAUTH_PREVIOUS_PRIVATE_KEYS` | |
 * | `OAUTH_ACCESS_TOKEN_TTL` | access token lifetime, whole seconds | `3600` |
 * | `OAUTH_AUDIENCE` | the `aud` of every token | the issuer |
 * | `OAUTH_DATABASE_URL` | PostgreSQL URL: clients, revocations and the lockout's counters there, shared by every instance; `OAUTH_CLIENTS` upserted, else no demo client | everything in memory |
 *
 * A variable that is set must be valid, and set but empty counts as a mistake. Rejects with a
 * {@link ConfigError} naming the first variable at fault.
 *
 * @example
 * ```ts
 * const config = await loadConfig(process.env, { readFile: fs.promises.readFile, openDatabase: openPostgres });
 * ```
 */
export async function loadConfig(env: Env, options: LoadConfigOptions): Promise<ExampleConfig> {
  const { readFile } = options;
  const port = readPort(env);
  const host = readHost(env);
  const issuer = readIssuer(env);
  const audience = readAudience(env);
  const accessTokenTtl = readAccessTokenTtl(env);
  const databaseUrl = readDatabaseUrl(env, options);
  const configured = await readClients(env, readFile);
  const { signingKey, warning: keyWarning } = await readSigningKey(env, readFile);
  const publishedKeys = await readPreviousKeys(env, readFile);
  const inMemory = databaseUrl === undefined && options.database === undefined;
  const useDemo = inMemory && !configured.configured;
  checkExposure(host, useDemo, issuer);
  const clientsWarning = useDemo ? 'OAUTH_CLIENTS is not set: serving only the demo client "demo-client", whose secret is published' : undefined;
  const warnings = [clientsWarning, keyWarning].filter((warning) => warning !== undefined);
  const clients = useDemo ? await demoClients() : configured.clients;
  const stores = inMemory ? await memoryStores(clients) : await openDatabaseStores(databaseUrl, options, clients);

  const issuerFor = (listeningPort: number) => issuer ?? `http://localhost:${listeningPort}`;
  const audienceFor = (listeningPort: number) => audience ?? issuerFor(listeningPort);
  return Object.freeze({
    port,
    host,
    warnings: Object.freeze(warnings),
    issuer: issuerFor,
    audience: audienceFor,
    storage: inMemory ? "memory" : "database",
    revocations: stores.revocations,
    stores,
    close: () => stores.close(),
    options: (listeningPort: number): ExampleServerOptions => ({
      issuer: issuerFor(listeningPort),
      audience: audienceFor(listeningPort),
      accessTokenTtl,
      clients: stores.clients,
      revocations: stores.revocations,
      replay: stores.replay,
      ...(stores.counters === undefined ? {} : { lockout: { counters: stores.counters } }),
      signingKey,
      publishedKeys,
    }),
    url: (listeningPort: number) => `http://${host.includes(":") ? `[${host}]` : host}:${listeningPort}`,
  });
}

/** The stores of the database the options bind, or of `OAUTH_DATABASE_URL`; closed again if the clients cannot be put. */
async function openDatabaseStores(url: string | undefined, options: LoadConfigOptions, clients: Parameters<typeof databaseStores>[1]): Promise<ExampleStores> {
  const database = options.database ?? (await (options.openDatabase as (url: string) => Promise<Database>)(url as string));
  try {
    return await databaseStores(database, clients);
  } catch (error) {
    await database.close().catch(() => undefined);
    throw error;
  }
}

/**
 * `OAUTH_DATABASE_URL`: a `postgres://` or `postgresql://` URL, for an example that can open
 * one; never quoted back, since it holds a password.
 */
function readDatabaseUrl(env: Env, options: LoadConfigOptions): string | undefined {
  const url = readVariable(env, "OAUTH_DATABASE_URL");
  if (url === undefined) return undefined;
  if (options.database !== undefined) {
    throw new ConfigError("OAUTH_DATABASE_URL", "is not used by this example, which keeps its state in the database its runtime binds");
  }
  if (options.openDatabase === undefined) throw new ConfigError("OAUTH_DATABASE_URL", "this example cannot open a database");
  const protocol = URL.canParse(url) ? new URL(url).protocol : "";
  if (protocol !== "postgres:" && protocol !== "postgresql:") {
    throw new ConfigError("OAUTH_DATABASE_URL", "must be a PostgreSQL URL such as postgres://user:password@host:5432/database");
  }
  return url;
}

/**
 * Listening beyond this machine, no demo client (its secret is published, so anyone on the
 * network could get tokens) and no default issuer (`http://localhost:PORT` names no other
 * machine, so no client elsewhere could use its tokens or metadata).
 */
function checkExposure(host: string, useDemo: boolean, issuer: string | undefined): void {
  if (isLoopback(host)) return;
  if (useDemo) {
    throw new ConfigError("OAUTH_CLIENTS", `is required when HOST (${host}) is not a loopback address: the demo client's secret is published`);
  }
  if (issuer === undefined) {
    throw new ConfigError("OAUTH_ISSUER", `is required when HOST (${host}) is not a loopback address, such as https://auth.example.com`);
  }
}

/** `localhost`, an address of 127.0.0.0/8, or `::1`: the hosts only this machine reaches. */
export function isLoopback(host: string): boolean {
  const bare = host.replace(/^\[(.*)\]$/, "$1").toLowerCase();
  return bare === "localhost" || /^127(?:\.\d{1,3}){3}$/.test(bare) || /^(?:0{0,4}:){2,7}0{0,3}1$/.test(bare);
}

function readPort(env: Env): number {
  const value = readVariable(env, "PORT");
  if (value === undefined) return 3000;
  const port = /^[0-9]{1,5}$/.test(value) ? Number(value) : NaN;
  if (!(port <= 65535)) throw new ConfigError("PORT", "must be a whole number from 0 to 65535 (0 picks a free port)");
  return port;
}

function readHost(env: Env): string {
  const host = readVariable(env, "HOST") ?? "127.0.0.1";
  if (!/^[^\s/?#@]+$/.test(host)) {
    throw new ConfigError("HOST", "must be a host name or IP address, such as 127.0.0.1 or ::1");
  }
  return host;
}

/**
 * Only the shape is checked here; the core checks the rest (https, loopback-only http,
 * normalised form) when the server is created, and `toConfigError` names this variable.
 */
function readIssuer(env: Env): string | undefined {
  const issuer = readVariable(env, "OAUTH_ISSUER");
  if (issuer !== undefined && !URL.canParse(issuer)) {
    throw new ConfigError("OAUTH_ISSUER", "must be a URL such as https://auth.example.com");
  }
  return issuer;
}

function readAudience(env: Env): string | undefined {
  const audience = readVariable(env, "OAUTH_AUDIENCE");
  if (audience !== undefined && /\s/.test(audience)) {
    throw new ConfigError("OAUTH_AUDIENCE", "must be one audience value without spaces, such as https://api.example.com");
  }
  return audience;
}

function readAccessTokenTtl(env: Env): number {
  const value = readVariable(env, "OAUTH_ACCESS_TOKEN_TTL");
  if (value === undefined) return 3600;
  const ttl = /^[0-9]+$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(ttl) || ttl <= 0) {
    throw new ConfigError("OAUTH_ACCESS_TOKEN_TTL", "must be a positive whole number of seconds");
  }
  return ttl;
}
