import type { Endpoint, IncomingRequest } from "../http/exchange.js";
import { pathOf } from "../lib/url-path.js";
import { emit, type EndpointName, type RequestCompletedEvent } from "./events.js";
import type { ResolvedOptions } from "./options.js";

/**
 * `endpoint`, telling `requestCompleted` about each answer it makes; `endpoint` itself when the
 * server has no such hook, so that a server without one measures nothing.
 */
export function observed(config: ResolvedOptions, name: EndpointName | undefined, endpoint: Endpoint): Endpoint {
  const hook = config.events.requestCompleted;
  if (hook === undefined) return endpoint;
  return async (request) => {
    const started = performance.now();
    const answer = await endpoint(request);
    const duration = (performance.now() - started) / 1000;
    emit(hook, () => completed(name, request, answer.status, duration), config.onError);
    return answer;
  };
}

function completed(endpoint: EndpointName | undefined, request: IncomingRequest, status: number, duration: number): RequestCompletedEvent {
  const { clientId, grantType, error } = request.notes;
  return {
    endpoint,
    method: request.method,
    path: pathOf(request.url),
    status,
    error,
    clientId,
    grantType,
    duration,
    // Made only if the hook reads it: on an adapter's plain path, no `Request` exists until then.
    get request() {
      return request.toRequest();
    },
  };
}
