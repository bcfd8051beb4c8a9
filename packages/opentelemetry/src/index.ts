/**
 * `@tessera/opentelemetry`: OpenTelemetry metrics and traces for a Tessera authorization server,
 * recorded from its `events` and from wrapped stores, outside the core.
 *
 * @packageDocumentation
 */
export { instrumentation, type Instrumentation, type InstrumentationOptions } from "./instrumentation.js";
export { instrumentStore, storeOperations } from "./store.js";
export { combineEvents } from "./combine-events.js";
export type { TelemetryProviders } from "./providers.js";
export { attributeNames, instrumentationScope, metricNames } from "./names.js";
