/**
 * `@tessera/conformance` (private): Deno, Bun and workerd as npm packages, for tests and examples
 * that run Tessera on each runtime without installing anything else. Node-only. The other
 * subpaths: `./tables` (the scenario tables every surface answers alike), `./suite` (the
 * conformance suite, written once with the library injected, and its runners), `./examples` (the
 * examples' suites and their one launcher).
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
