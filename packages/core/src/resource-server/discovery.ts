import { parseFetchUrl } from "../lib/url.js";
import type { FetchFunction } from "./key-source-option.js";

/**
 * Finds the JWKS of an issuer through its RFC 8414 metadata: fetches `metadataUrl` (the
 * well-known URL of §3.1), requires a 200 JSON object whose `issuer` is exactly `issuer`
 * (§3.3: otherwise the metadata "MUST NOT be used") and whose `jwks_uri` is an `https` URL
 * (`http` for loopback hosts), and returns that URL. Redirects are not followed.
 *
 * Rejects with an `Error` describing the failure, for the operator's logs only.
 */
export async function discoverJwksUri(
  metadataUrl: URL,
  issuer: string,
  fetchFunction: FetchFunction,
  timeoutMilliseconds: number,
): Promise<URL> {
  const response = await fetchFunction(metadataUrl.href, {
    method: "GET",
    headers: new Headers({ accept: "application/json" }),
    redirect: "manual",
    signal: AbortSignal.timeout(timeoutMilliseconds),
  });
  if (response.status !== 200) {
    response.body?.cancel().catch(() => {});
    throw new Error(`discovery: ${metadataUrl.href} answered ${response.status}, expected 200`);
  }
  let metadata: unknown;
  try {
    metadata = await response.json();
  } catch (cause) {
    throw new Error(`discovery: ${metadataUrl.href} did not answer with JSON`, { cause });
  }
  if (typeof metadata !== "object" || metadata === null || Array.isArray(metadata)) {
    throw new Error(`discovery: ${metadataUrl.href} did not answer with a JSON object`);
  }
  const { issuer: published, jwks_uri: jwksUri } = metadata as Record<string, unknown>;
  if (published !== issuer) {
    throw new Error(`discovery: the metadata at ${metadataUrl.href} names another issuer (RFC 8414 §3.3)`);
  }
  try {
    return parseFetchUrl("jwks_uri", jwksUri);
  } catch (cause) {
    throw new Error(`discovery: the metadata at ${metadataUrl.href} has no usable jwks_uri`, { cause });
  }
}
