const utf8 = new TextEncoder();

/** An HTTP request as data, so one scenario can be sent in-process or over the network. */
export interface ScenarioRequest {
  readonly method: string;
  /** Path and query, relative to the server's origin. */
  readonly path: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string | Uint8Array<ArrayBuffer>;
}

/**
 * Builds a `Request` from a scenario request against `origin` (for example `http://localhost`).
 * String bodies go as bytes, so nothing adds a `Content-Type` the scenario did not write (a
 * string body would get `text/plain`). The same init works with `fetch` over the network.
 */
export function scenarioRequest(origin: string, request: ScenarioRequest): Request {
  return new Request(origin + request.path, scenarioRequestInit(request));
}

/** The `RequestInit` of a scenario request, for `fetch(origin + request.path, init)`. */
export function scenarioRequestInit(request: ScenarioRequest): RequestInit {
  const body = typeof request.body === "string" ? utf8.encode(request.body) : request.body;
  return {
    method: request.method,
    headers: request.headers ?? {},
    ...(body === undefined ? {} : { body }),
  };
}
