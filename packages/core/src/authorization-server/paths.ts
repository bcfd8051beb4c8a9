import { invalidOption } from "../lib/checks.js";
import { issuerPath, metadataPath } from "../protocol/issuer.js";

/** The path of each endpoint: what `server.paths` reports, for mounting on a router. */
export interface EndpointPaths {
  /** The token endpoint (RFC 6749 §3.2). */
  readonly token: string;
  /** The revocation endpoint (RFC 7009 §2). */
  readonly revocation: string;
  /** The introspection endpoint (RFC 7662 §2). */
  readonly introspection: string;
  /** The metadata document (RFC 8414 §3). */
  readonly metadata: string;
  /** The JWK Set (RFC 7517 §5). */
  readonly jwks: string;
  /** The liveness probe; absent when turned off. */
  readonly liveness?: string;
  /** The readiness probe; absent when turned off. */
  readonly readiness?: string;
}

/**
 * The `paths` option: where each endpoint is served, under the names {@link EndpointPaths} reports
 * them with. Each is a literal path of `/`, letters, digits and `-._~`, so routers (Hono's among
 * them) never read it as a pattern.
 */
export interface EndpointPathOptions {
  /** @defaultValue the issuer's path + `/token` */
  readonly token?: string | undefined;
  /** @defaultValue the issuer's path + `/revoke` */
  readonly revocation?: string | undefined;
  /** @defaultValue the issuer's path + `/introspect` */
  readonly introspection?: string | undefined;
  /** @defaultValue `/.well-known/oauth-authorization-server` + the issuer's path (RFC 8414 §3.1) */
  readonly metadata?: string | undefined;
  /** @defaultValue the issuer's path + `/.well-known/jwks.json` */
  readonly jwks?: string | undefined;
  /**
   * The liveness probe: 200 while the process answers at all. `false` serves none.
   * @defaultValue `/health/live`
   */
  readonly liveness?: string | false | undefined;
  /**
   * The readiness probe: 200 once the signing key is imported and every store the server uses
   * answers its `ping()` within `limits.probeTimeout`, else 503 naming what is not ready.
   * `false` serves none. @defaultValue `/health/ready`
   */
  readonly readiness?: string | false | undefined;
}

/** Resolves the `paths` option against the issuer, throwing a `TypeError` that names a wrong one. */
export function resolvePaths(options: EndpointPathOptions | undefined, issuerUrl: URL): EndpointPaths {
  if (options !== undefined && (typeof options !== "object" || options === null)) {
    throw invalidOption("paths", "expected an object of paths, such as { token: \"/oauth/token\" }");
  }
  const base = issuerPath(issuerUrl);
  if (!literalPath.test(base === "" ? "/" : base)) {
    throw invalidOption("issuer", "its path may hold only letters, digits, -._~ and /");
  }
  const paths: EndpointPaths = Object.freeze({
    token: resolvePath("token", options?.token ?? `${base}/token`),
    revocation: resolvePath("revocation", options?.revocation ?? `${base}/revoke`),
    introspection: resolvePath("introspection", options?.introspection ?? `${base}/introspect`),
    metadata: resolvePath("metadata", options?.metadata ?? metadataPath(issuerUrl)),
    jwks: resolvePath("jwks", options?.jwks ?? `${base}/.well-known/jwks.json`),
    ...probePath("liveness", options?.liveness ?? "/health/live"),
    ...probePath("readiness", options?.readiness ?? "/health/ready"),
  });
  const all = Object.values(paths);
  if (new Set(all).size !== all.length) {
    throw invalidOption("paths", "the token, revocation, introspection, metadata, JWKS and probe paths must differ");
  }
  return paths;
}

/** `/` and unreserved characters only (RFC 3986 §2.3): no `*`, `:` or `%` for a router to interpret. */
const literalPath = /^\/[A-Za-z0-9\-._~/]*$/;

/** A probe's path, or nothing when it is turned off. */
function probePath(name: "liveness" | "readiness", path: unknown): { readonly [name]?: string } {
  return path === false ? {} : { [name]: resolvePath(name, path) };
}

function resolvePath(name: keyof EndpointPaths, path: unknown): string {
  if (typeof path !== "string" || !literalPath.test(path)) {
    throw invalidOption(`paths.${name}`, "expected an absolute path of letters, digits, -._~ and /, such as /token");
  }
  return path;
}
