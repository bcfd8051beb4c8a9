import type { Endpoint, IncomingRequest, PlainResponse } from "../http/exchange.js";
import { withDeadline } from "../lib/deadline.js";
import { noStoreJsonHeaders } from "../protocol/response-headers.js";
import { pingStore, type StoreProbe } from "../storage/probe.js";
import type { ResolvedOptions } from "./options.js";
import type { StartUp } from "./startup.js";

const notAllowed: PlainResponse = Object.freeze({
  status: 405,
  headers: Object.freeze({ ...noStoreJsonHeaders, allow: "GET, HEAD" }),
  body: JSON.stringify({ error: "method_not_allowed", error_description: "Use GET or HEAD." }),
});

/** A probe's answer: JSON, never cached, no body to HEAD; 405 to any other method than GET and HEAD. */
function answer(request: IncomingRequest, status: number, body: object): PlainResponse {
  if (request.method !== "GET" && request.method !== "HEAD") return notAllowed;
  return { status, headers: noStoreJsonHeaders, body: request.method === "HEAD" ? null : JSON.stringify(body) };
}

/** The liveness probe: 200 `{"status":"ok"}` whenever the server answers at all. */
export const livenessEndpoint: Endpoint = async (request) => answer(request, 200, { status: "ok" });

/**
 * The readiness probe: 200 `{"status":"ready"}` once start-up has imported the signing key and
 * every store the server uses answers its `ping()` within `limits.probeTimeout`; else 503
 * `{"status":"not_ready","failing":[…]}`, naming what is not ready by its option (`signing_key`,
 * `clients`, `revocations`, `replay`, `lockout.counters`), never an address or an error message.
 * A store behind several options is pinged once. Failures are not reported to `onError`: the
 * requests that need the store report them.
 */
export function readinessEndpoint(config: ResolvedOptions, startUp: StartUp): Endpoint {
  const stores = new Map<StoreProbe, string[]>();
  const named: [string, StoreProbe | undefined][] = [
    ["clients", config.clients],
    ["revocations", config.revocations],
    ["replay", config.replay],
    ["lockout.counters", config.lockout.counters],
  ];
  for (const [name, store] of named) if (store !== undefined) stores.set(store, [...(stores.get(store) ?? []), name]);
  const timeout = config.limits.probeTimeout * 1000;

  return async (request) => {
    if (request.method !== "GET" && request.method !== "HEAD") return notAllowed;
    const unreached = await Promise.all(
      [...stores].map(([store, names]) => withDeadline(pingStore(store), timeout, () => new Error("timeout")).then(() => [], () => names)),
    );
    const failing = [...(startUp.current() instanceof Promise ? ["signing_key"] : []), ...unreached.flat()];
    return failing.length === 0 ? answer(request, 200, { status: "ready" }) : answer(request, 503, { status: "not_ready", failing });
  };
}
