/**
 * `@tessera/conformance/suite`: the conformance suite, written once with the library injected,
 * and its plain-text report. Runtime-neutral: each runtime's runner (`run-node.ts`, `run-deno.ts`,
 * `run-bun.ts`, `run-workerd.ts`) imports the library its own way and hands it in.
 *
 * @packageDocumentation
 */
export { type ConformanceCheck, type ConformanceLibrary } from "./context.js";
export { conformanceChecks, runConformance, type ConformanceResult } from "./suite.js";
export { concurrentRequests } from "./token-checks.js";
export { formatReport, parseReport, type ParsedReport } from "./report.js";
