import type { PlainResponse } from "./exchange.js";

/**
 * Headers every token endpoint response carries: RFC 6749 §5.1 requires `no-store`, and
 * `Pragma: no-cache` keeps HTTP/1.0 caches in line.
 */
export const noStoreHeaders: Readonly<Record<string, string>> = Object.freeze({
  "content-type": "application/json",
  "cache-control": "no-store",
  pragma: "no-cache",
});

/** A JSON response from an already serialised body, with the given headers. */
export function jsonResponse(
  body: string,
  status: number,
  headers: Readonly<Record<string, string>>,
): PlainResponse {
  return { status, headers, body };
}
