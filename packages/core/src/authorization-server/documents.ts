import type { Endpoint } from "../http/exchange.js";
import { ifNoneMatchMatches } from "../lib/entity-tag.js";
import type { ErrorHook } from "../protocol/faults.js";
import { respondWithError } from "./failures.js";
import type { PublishedDocument, StartUp, StartedState } from "./startup.js";

const readOnlyMethodHeaders = Object.freeze({ "content-type": "application/json", allow: "GET, HEAD" });
const readOnlyMethodBody = JSON.stringify({ error: "method_not_allowed", error_description: "Use GET or HEAD." });

/**
 * An endpoint serving a published document to GET and HEAD, cacheable for `maxAge` seconds, and
 * answering a conditional GET whose `If-None-Match` matches with 304 (RFC 9110 §13.1.2,
 * §15.4.5). The document is read from the started state on each request, so a key rotation is
 * served at once.
 */
export function documentEndpoint(
  startUp: StartUp,
  pick: (state: StartedState) => PublishedDocument,
  contentType: string,
  maxAge: number,
  onError: ErrorHook,
): Endpoint {
  const cacheControl = `public, max-age=${maxAge}`;
  return async (request) => {
    if (request.method !== "GET" && request.method !== "HEAD") {
      return { status: 405, headers: readOnlyMethodHeaders, body: readOnlyMethodBody };
    }
    let document: PublishedDocument;
    try {
      document = pick(await startUp.current());
    } catch (error) {
      return respondWithError(error, request, onError);
    }
    const headers = { "cache-control": cacheControl, etag: document.etag };
    if (ifNoneMatchMatches(request.headers.get("if-none-match"), document.etag)) {
      return { status: 304, headers, body: null };
    }
    return {
      status: 200,
      headers: { ...headers, "content-type": contentType },
      body: request.method === "HEAD" ? null : document.json,
    };
  };
}
