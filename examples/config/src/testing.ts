/**
 * `@tessera/example-config/testing`: tests that start an example as a user does
 * (`node dist/main.js` with a chosen environment) and hold it to the shared contract over real
 * HTTP. Node-only, unlike the package's main entry: it spawns processes and writes temp files.
 *
 * @packageDocumentation
 */
export { describeExample } from "./testing/example-suite.js";
export { generateTestKey, signAccessToken, type TestAccessTokenClaims, type TestKey } from "./testing/keys.js";
export {
  listeningLine,
  runExample,
  startExample,
  stopAllExamples,
  type ExampleExit,
  type RunningExample,
  type SpawnOptions,
} from "./testing/spawn.js";
