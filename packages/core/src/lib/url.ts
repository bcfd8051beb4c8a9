import { invalidOption } from "./checks.js";

const loopbackHosts = new Set(["localhost", "127.0.0.1", "[::1]"]);

/** Whether `url` may be used to reach a server: `https`, or `http` on a loopback host. */
export function isSecureOrLoopback(url: URL): boolean {
  return url.protocol === "https:" || (url.protocol === "http:" && loopbackHosts.has(url.hostname));
}

/**
 * Checks the URL of a document to fetch (a JWKS): `https` (`http` only for loopback hosts), no
 * fragment, no credentials. Throws a `TypeError` naming `name` otherwise.
 */
export function parseFetchUrl(name: string, value: unknown): URL {
  if (typeof value !== "string") throw invalidOption(name, "expected a URL string");
  const url = parseUrl(name, value);
  if (url.hash !== "" || value.includes("#")) throw invalidOption(name, "must not have a fragment");
  return url;
}

/**
 * Parses an absolute URL that a server may be reached at: no credentials, and `https` (`http` only
 * for loopback hosts). Throws a `TypeError` naming `name` otherwise.
 */
export function parseUrl(name: string, value: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw invalidOption(name, "is not a valid URL");
  }
  if (url.username !== "" || url.password !== "") throw invalidOption(name, "must not contain credentials");
  if (!isSecureOrLoopback(url)) {
    throw invalidOption(name, "must use https (http is allowed only for localhost)");
  }
  return url;
}
