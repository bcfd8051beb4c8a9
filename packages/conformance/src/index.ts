/**
 * `@tessera/conformance`: Deno, Bun and workerd as npm packages, for tests and examples that run
 * Tessera on each runtime without installing anything else. Node-only; the runtime-neutral
 * conformance suite is the `./conformance` subpath, the example smoke tests `./testing`.
 *
 * @packageDocumentation
 */
export {
  runtimeBinary,
  runtimeEnvironment,
  runtimes,
  runtimeVersion,
  workerdCompatibilityDate,
  type Runtime,
} from "./binaries.js";
