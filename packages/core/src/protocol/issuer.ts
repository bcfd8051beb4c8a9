import { invalidOption } from "../lib/checks.js";
import { parseUrl } from "../lib/url.js";

/**
 * Checks an issuer identifier as RFC 8414 §2 defines it — an `https` URL without query or
 * fragment (`http` only for loopback hosts, for development), without credentials, in
 * normalised form so that exact string comparison with `iss` means what it says — and returns
 * it parsed. Throws a `TypeError` naming `name` otherwise.
 */
export function parseIssuerUrl(name: string, issuer: unknown): URL {
  if (typeof issuer !== "string") throw invalidOption(name, "expected a URL string");
  const url = parseUrl(name, issuer);
  if (url.search !== "" || url.hash !== "" || issuer.includes("?") || issuer.includes("#")) {
    throw invalidOption(name, "must not have a query or fragment (RFC 8414 §2)");
  }
  if (url.href !== issuer && url.href !== `${issuer}/`) {
    throw invalidOption(name, `must be in normalised form, such as ${url.href.replace(/\/$/, "")}`);
  }
  return url;
}

/** The issuer's path without a trailing slash: `""` for an issuer at the root. */
export function issuerPath(issuerUrl: URL): string {
  return issuerUrl.pathname === "/" ? "" : issuerUrl.pathname.replace(/\/$/, "");
}

/**
 * The path of an issuer's metadata document (RFC 8414 §3.1): the well-known suffix goes between
 * the host and the issuer's path.
 */
export function metadataPath(issuerUrl: URL): string {
  return `/.well-known/oauth-authorization-server${issuerPath(issuerUrl)}`;
}
