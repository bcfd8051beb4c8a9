import type { AuthorizationServerEvents, EventHook } from "@tessera/core";

type EventName = keyof AuthorizationServerEvents;
type AnyHook = EventHook<unknown>;

/**
 * One `events` option from several: for each event, a hook that calls every given hook for it,
 * in order, each even if an earlier one threw. What the server is told of failures stays as with
 * one hook: a throw, or a rejection of any returned promise, reaches its `onError` (one error, or
 * an `AggregateError` of several). A hook that returns nothing adds no promise.
 *
 * @example
 * ```ts
 * createAuthorizationServer({ …, events: combineEvents(instrumentation().events, myAuditEvents) });
 * ```
 */
export function combineEvents(...sets: readonly (AuthorizationServerEvents | undefined)[]): AuthorizationServerEvents {
  const hooks = new Map<EventName, AnyHook[]>();
  for (const events of sets) {
    if (events === undefined) continue;
    for (const [name, hook] of Object.entries(events) as [EventName, AnyHook | undefined][]) {
      if (hook === undefined) continue;
      const list = hooks.get(name) ?? [];
      list.push(hook);
      hooks.set(name, list);
    }
  }
  const combined: Record<string, AnyHook> = {};
  for (const [name, list] of hooks) combined[name] = list.length === 1 ? (list[0] as AnyHook) : callEach(list);
  return Object.freeze(combined) as AuthorizationServerEvents;
}

/** A hook calling each of `hooks`: throws or rejects with their failures, if any. */
function callEach(hooks: readonly AnyHook[]): AnyHook {
  return (event) => {
    const errors: unknown[] = [];
    const pending: Promise<void>[] = [];
    for (const hook of hooks) {
      try {
        const result = hook(event);
        if (result !== undefined && typeof result.then === "function") pending.push(result);
      } catch (error) {
        errors.push(error);
      }
    }
    if (pending.length === 0) {
      if (errors.length > 0) throw oneError(errors);
      return undefined;
    }
    return Promise.allSettled(pending).then((results) => {
      for (const result of results) if (result.status === "rejected") errors.push(result.reason);
      if (errors.length > 0) throw oneError(errors);
    });
  };
}

function oneError(errors: readonly unknown[]): unknown {
  return errors.length === 1 ? errors[0] : new AggregateError(errors, "several event hooks failed");
}
