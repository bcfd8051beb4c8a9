/**
 * `@tessera/conformance/examples`: the tests of the runnable examples. Each example is started as
 * its `pnpm start` script starts it (`node dist/main.js`, or the command after `tsc -b &&`), with
 * a controlled environment, and held over real HTTP to the contract every example obeys: the full
 * suite ({@link describeExample}) or, for the examples on other runtimes (Deno, Bun, workerd), the
 * smoke suite ({@link describeRuntimeExample}). Node-only, like the package's main entry: it
 * starts processes and writes temporary files.
 *
 * @packageDocumentation
 */
export { describeExample } from "./example-suite.js";
export { putClient, testDatabase, type TestDatabase } from "./database-suite.js";
export { describeRuntimeExample, type RuntimeExampleOptions } from "./runtime-example-suite.js";
export { exampleCommand, type ExampleCommand } from "./example-command.js";
export {
  listeningLine,
  runExample,
  startExample,
  type ExampleEnv,
  type ExampleOptions,
  type RunningExample,
} from "./example-process.js";
export { generateTestKey, signAccessToken, type TestAccessTokenClaims, type TestKey } from "./keys.js";
export { killAll, type Exit } from "../process.js";
export { logLines, withoutLog } from "./output.js";
export { postgresDatabase } from "../storage/postgres-database.js";
export { startPostgres, type PostgresServer, type StartPostgresOptions } from "../storage/postgres-server.js";
