import type { Endpoint } from "../http/exchange.js";
import { pathOf } from "../lib/url-path.js";
import type { EndpointPaths } from "./paths.js";

const notFoundHeaders = Object.freeze({ "content-type": "application/json" });
const notFoundBody = JSON.stringify({ error: "not_found", error_description: "No endpoint at this path." });

/** Routes a request to the endpoint at its exact path; 404 JSON for any other path. */
export function createRouter(paths: EndpointPaths, endpoints: { readonly [K in keyof EndpointPaths]: Endpoint }): Endpoint {
  const byPath = new Map<string, Endpoint>();
  for (const name of Object.keys(paths) as (keyof EndpointPaths)[]) byPath.set(paths[name], endpoints[name]);
  return async (request) => {
    const endpoint = byPath.get(pathOf(request.url));
    return endpoint === undefined ? { status: 404, headers: notFoundHeaders, body: notFoundBody } : endpoint(request);
  };
}
