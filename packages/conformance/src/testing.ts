/**
 * `@tessera/conformance/testing`: the smoke test of the examples that run on other runtimes (Deno,
 * Bun, workerd), started as their `pnpm start` scripts start them and checked over real HTTP.
 * Node-only, like the package's main entry.
 *
 * @packageDocumentation
 */
export { describeRuntimeExample } from "./testing/example-smoke.js";
export {
  exampleCommand,
  listeningLine,
  runExample,
  startExample,
  type ExampleCommand,
  type RunningExample,
} from "./testing/example-process.js";
export type { Exit } from "./process.js";
