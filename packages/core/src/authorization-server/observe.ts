import type { Endpoint, IncomingRequest } from "../http/exchange.js";
import { pathOf } from "../lib/url-path.js";
import { aboutRequest, emit, type EndpointName, type RequestCompletedEvent } from "./events.js";
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
  const { method, url } = request;
  const fields = { endpoint, method, path: pathOf(url), url, status, error, clientId, grantType, duration };
  return aboutRequest(fields, request);
}
