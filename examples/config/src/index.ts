/**
 * `@tessera/example-config`: the environment contract every Tessera example obeys — `PORT`,
 * `HOST`, `OAUTH_ISSUER`, `OAUTH_CLIENTS(_FILE)`, `OAUTH_PRIVATE_KEY(_FILE)`,
 * `OAUTH_PREVIOUS_PRIVATE_KEYS(_FILE)`, `OAUTH_ACCESS_TOKEN_TTL`, `OAUTH_AUDIENCE`,
 * `OAUTH_DATABASE_URL` — as functions over an env record and an injected `readFile` (and, for
 * the database, an injected opener: `@tessera/example-config/postgres`), so the same contract
 * serves Node, Deno, Bun and Workers. Nothing here imports from Node. The suites that hold every
 * example to it are `@tessera/conformance/examples`.
 *
 * @packageDocumentation
 */
export { loadConfig, type ExampleConfig, type ExampleServerOptions, type LoadConfigOptions } from "./load-config.js";
export { ConfigError, toConfigError } from "./config-error.js";
export { demoClient, type ClientMetadata } from "./clients.js";
export { databaseStores, memoryStores, type Database, type ExampleStores } from "./stores.js";
export { whenListening, type ListeningServer } from "./listening.js";
export type { Env, ReadFile } from "./env.js";
export { whoamiBody, withWhoami, type FetchHandler } from "./whoami.js";
export { batchedLines, createRequestLog, type BatchedLines, type LoggedRequest, type RequestLog, type WriteLine } from "./logging.js";
