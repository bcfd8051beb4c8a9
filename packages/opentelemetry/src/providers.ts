import { metrics, trace, type Meter, type MeterProvider, type Tracer, type TracerProvider } from "@opentelemetry/api";
import { invalidOption } from "@tessera/core/store";
import { instrumentationScope } from "./names.js";

/** Where measurements and spans go. */
export interface TelemetryProviders {
  /**
   * The provider of the meter that records the metrics.
   * @defaultValue the global one (`metrics.getMeterProvider()`), looked up at each measurement, so
   * that an SDK registered after the server was made is used from then on; until one is, every
   * measurement is a no-op.
   */
  readonly meterProvider?: MeterProvider | undefined;
  /**
   * The provider of the tracer that records the spans.
   * @defaultValue the global one (`trace.getTracerProvider()`), which hands over to an SDK
   * registered at any time; until one is, every span is a no-op.
   */
  readonly tracerProvider?: TracerProvider | undefined;
}

/**
 * A function giving what `make` makes of the meter of `meterProvider` (or of the global provider
 * of the moment), made once per provider: the instruments of the provider that records now.
 */
export function perMeter<T>(meterProvider: MeterProvider | undefined, make: (meter: Meter) => T): () => T {
  let provider: MeterProvider | undefined;
  let made: T | undefined;
  return () => {
    const current = meterProvider ?? metrics.getMeterProvider();
    if (current !== provider || made === undefined) {
      made = make(current.getMeter(instrumentationScope.name, instrumentationScope.version));
      provider = current;
    }
    return made;
  };
}

/** The tracer of `tracerProvider`, or of the global provider (a proxy that follows registration). */
export function tracerOf(tracerProvider: TracerProvider | undefined): Tracer {
  return (tracerProvider ?? trace.getTracerProvider()).getTracer(instrumentationScope.name, instrumentationScope.version);
}

/** Checks the providers option: an object whose providers, when given, have the methods a provider has. */
export function checkProviders(options: unknown): TelemetryProviders {
  if (options === undefined) return {};
  if (typeof options !== "object" || options === null) throw invalidOption("options", "expected an object");
  const { meterProvider, tracerProvider } = options as TelemetryProviders;
  if (meterProvider !== undefined && typeof meterProvider.getMeter !== "function") {
    throw invalidOption("meterProvider", "expected a MeterProvider (with getMeter)");
  }
  if (tracerProvider !== undefined && typeof tracerProvider.getTracer !== "function") {
    throw invalidOption("tracerProvider", "expected a TracerProvider (with getTracer)");
  }
  return options as TelemetryProviders;
}
