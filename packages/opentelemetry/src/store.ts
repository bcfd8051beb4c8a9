import { context, SpanKind, SpanStatusCode, trace, type Histogram, type Span, type Tracer } from "@opentelemetry/api";
import { invalidOption } from "@tessera/core/store";
import { attributeNames as a, metricNames as m, operationBuckets } from "./names.js";
import { checkProviders, perMeter, tracerOf, type TelemetryProviders } from "./providers.js";

/**
 * The operations of the storage contract that {@link instrumentStore} measures: those of
 * `ClientStore`, `RevocationStore`, `ChangeFeed` (but `watch`, which lasts), `CounterStore`,
 * `ReplayStore`, and the readiness probe's `ping`.
 */
export const storeOperations: readonly string[] = Object.freeze([
  "getClient", "listClients", "createClient", "putClient", "updateClient", "setClientDisabled", "rotateClientSecret", "deleteClient",
  "isRevoked", "revokeToken", "revokeClientTokens", "readChanges",
  "hit", "peek", "reset", "reserve",
  "ping",
]);

/**
 * Wraps a store (any of `ClientStore`, `RevocationStore`, `ChangeFeed`, `CounterStore`,
 * `ReplayStore`, or one object that is several, such as `MemoryStore` or `PostgresStore`) to
 * measure each of its {@link storeOperations}: the histogram `tessera.store.operation.duration`
 * (seconds) by `tessera.store.name` (`name`) and `tessera.store.operation` (`getClient`, `hit`, …),
 * with `error.type` (the error's class name) when the operation failed, so that its count by
 * `error.type` counts the failures. Nothing else about a call is recorded: no argument, no result,
 * no error message (a database's may quote a value).
 *
 * When a span is active (one an HTTP instrumentation started, say), each operation is also an
 * `INTERNAL` span under it, named `<name> <operation>`, active while the operation runs so that a
 * database driver's instrumentation nests under it; without an active span, none is made, rather
 * than a trace of one span per operation.
 *
 * The wrapper is a `Proxy` with the type of `store`: every other property and method passes
 * through (methods called on `store` itself, so private fields work), and `instanceof` holds.
 * Give the same wrapper to every option it serves (`clients`, `revocations`, `counters`, …).
 * A store whose operations are frozen own properties (`Object.freeze({ getClient, … })`) is
 * refused with a `TypeError`: a `Proxy` may not replace them.
 *
 * @param name - The store's name in the attributes, such as `postgres` or `memory`; keep it one of
 *   a few fixed names.
 */
export function instrumentStore<S extends object>(store: S, name: string, options?: TelemetryProviders): S {
  if (typeof store !== "object" || store === null) throw invalidOption("store", "expected a store object");
  if (typeof name !== "string" || name === "") throw invalidOption("name", "expected the store's name, such as \"postgres\"");
  if (storeOperations.some((operation) => isFixed(store, operation))) {
    throw invalidOption("store", "its operations are frozen own properties, which a wrapper cannot replace; wrap an unfrozen copy ({ ...store })");
  }
  const { meterProvider, tracerProvider } = checkProviders(options);
  const histogram = perMeter(meterProvider, (meter) =>
    meter.createHistogram(m.storeDuration, {
      unit: "s",
      description: "Duration of storage operations.",
      advice: { explicitBucketBoundaries: [...operationBuckets] },
    }),
  );
  const measure: Measure = { name, histogram, tracer: tracerOf(tracerProvider) };
  const wrappers = new Map<PropertyKey, { readonly original: unknown; readonly wrapper: unknown }>();
  return new Proxy(store, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property);
      if (typeof value !== "function") return value;
      const known = wrappers.get(property);
      if (known?.original === value) return known.wrapper;
      const method = value as (...args: unknown[]) => unknown;
      const wrapper = typeof property === "string" && storeOperations.includes(property)
        ? measured(measure, property, method, target)
        : method.bind(target);
      wrappers.set(property, { original: value, wrapper });
      return wrapper;
    },
  });
}

interface Measure {
  readonly name: string;
  readonly histogram: () => Histogram;
  readonly tracer: Tracer;
}

/** `method` of `target`, measured as `operation`. */
function measured(measure: Measure, operation: string, method: (...args: unknown[]) => unknown, target: object) {
  return function (...args: unknown[]): unknown {
    const started = performance.now();
    const active = context.active();
    const span = trace.getSpan(active) === undefined
      ? undefined
      : measure.tracer.startSpan(`${measure.name} ${operation}`, {
          kind: SpanKind.INTERNAL,
          attributes: { [a.storeName]: measure.name, [a.storeOperation]: operation },
        }, active);
    const finish = (error: unknown, failed: boolean) => {
      const attributes = { [a.storeName]: measure.name, [a.storeOperation]: operation, ...(failed ? { [a.errorType]: errorType(error) } : {}) };
      measure.histogram().record((performance.now() - started) / 1000, attributes);
      if (span === undefined) return;
      if (failed) span.setAttribute(a.errorType, errorType(error)).setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    };
    let result: unknown;
    try {
      result = span === undefined ? Reflect.apply(method, target, args) : runIn(span, () => Reflect.apply(method, target, args));
    } catch (error) {
      finish(error, true);
      throw error;
    }
    if (!isPromise(result)) {
      finish(undefined, false);
      return result;
    }
    return result.then(
      (value) => (finish(undefined, false), value),
      (error: unknown) => {
        finish(error, true);
        throw error;
      },
    );
  };
}

/** Whether `property` is an own data property of `object` that a `Proxy` must report unchanged. */
function isFixed(object: object, property: string): boolean {
  const descriptor = Object.getOwnPropertyDescriptor(object, property);
  return descriptor !== undefined && descriptor.configurable === false && descriptor.writable === false;
}

function runIn<T>(span: Span, run: () => T): T {
  return context.with(trace.setSpan(context.active(), span), run);
}

function isPromise(value: unknown): value is Promise<unknown> {
  return typeof value === "object" && value !== null && typeof (value as Promise<unknown>).then === "function";
}

/** A failure's `error.type`: its class name, bounded by the code that throws; `_OTHER` for a thrown non-object. */
function errorType(error: unknown): string {
  if (typeof error !== "object" || error === null) return "_OTHER";
  const name = (error as { constructor?: { name?: unknown } }).constructor?.name;
  return typeof name === "string" && name !== "" ? name : "_OTHER";
}
