import { encodeBase64Url } from "./base64.js";
import { utf8Encoder } from "./utf8.js";

/** A strong entity tag (RFC 9110 §8.8.3) for a document: 128 bits of its SHA-256. */
export async function entityTag(body: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", utf8Encoder.encode(body)));
  return `"${encodeBase64Url(digest.subarray(0, 16))}"`;
}

/**
 * Whether an `If-None-Match` header matches `etag`, so a GET may answer 304: `*`, or any listed
 * tag equal under the weak comparison RFC 9110 §13.1.2 prescribes for this header.
 */
export function ifNoneMatchMatches(header: string | null, etag: string): boolean {
  if (header === null) return false;
  if (header.trim() === "*") return true;
  const opaque = etag.replace(/^W\//, "");
  return header.split(",").some((tag) => tag.trim().replace(/^W\//, "") === opaque);
}
