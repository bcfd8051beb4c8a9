/** A timer that does not keep its process alive. */
export type Timer = ReturnType<typeof setTimeout>;

/**
 * `setTimeout` whose timer does not keep the process alive on any runtime: on Node and Bun the
 * timer object's `unref()`, on Deno `Deno.unrefTimer(id)`; elsewhere (Workers, browsers) a timer
 * keeps nothing alive to begin with. Background work (polling a store) must never be what stops
 * a server from exiting once it has closed.
 */
export function backgroundTimer(callback: () => void, milliseconds: number): Timer {
  const timer = setTimeout(callback, milliseconds);
  const handle: unknown = timer;
  if (typeof handle === "object" && handle !== null && typeof (handle as { unref?: unknown }).unref === "function") {
    (handle as { unref(): void }).unref();
  } else if (typeof handle === "number") {
    (globalThis as { Deno?: { unrefTimer?(id: number): void } }).Deno?.unrefTimer?.(handle);
  }
  return timer;
}
