import type { Endpoint } from "../http/exchange.js";
import { pathOf } from "../lib/url-path.js";
import type { EndpointPaths } from "./paths.js";

const notFoundHeaders = Object.freeze({ "content-type": "application/json" });
const notFoundBody = JSON.stringify({ error: "not_found", error_description: "No endpoint at this path." });

/** The answer to a path without an endpoint: 404 JSON. */
export const notFound: Endpoint = async () => ({ status: 404, headers: notFoundHeaders, body: notFoundBody });

/** Routes a request to the endpoint at its exact path; `fallback` (by default {@link notFound}) answers any other path. */
export function createRouter(
  paths: EndpointPaths,
  endpoints: { readonly [K in keyof EndpointPaths]-?: Endpoint },
  fallback: Endpoint = notFound,
): Endpoint {
  const byPath = new Map<string, Endpoint>();
  for (const name of Object.keys(paths) as (keyof EndpointPaths)[]) byPath.set(paths[name] as string, endpoints[name]);
  return (request) => (byPath.get(pathOf(request.url)) ?? fallback)(request);
}
