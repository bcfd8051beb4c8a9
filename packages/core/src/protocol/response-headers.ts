/**
 * Headers of every answer of an endpoint that handles credentials or tokens: RFC 6749 §5.1
 * requires `Cache-Control: no-store` on token responses, and `Pragma: no-cache` keeps HTTP/1.0
 * caches in line. RFC 7009 §2.2 and RFC 7662 §2.2 answers carry them too.
 */
export const noStoreHeaders: Readonly<Record<string, string>> = Object.freeze({
  "cache-control": "no-store",
  pragma: "no-cache",
});

/** {@link noStoreHeaders} for a JSON body. */
export const noStoreJsonHeaders: Readonly<Record<string, string>> = Object.freeze({
  "content-type": "application/json",
  ...noStoreHeaders,
});
