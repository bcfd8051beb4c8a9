import { invalidOption, isNonNegativeInteger } from "../lib/checks.js";

/** The `cacheMaxAge` option: `Cache-Control: max-age` of the published documents, in seconds. */
export interface CacheMaxAgeOptions {
  /**
   * How long clients may cache the JWKS. Rotation waits on it: publish a new key at least this
   * long before it signs. @defaultValue 300
   */
  readonly jwks?: number | undefined;
  /** How long clients may cache the metadata document. @defaultValue 3600 */
  readonly metadata?: number | undefined;
}

/** {@link CacheMaxAgeOptions} after validation and defaults. */
export interface CacheMaxAge {
  readonly jwks: number;
  readonly metadata: number;
}

/** Validates the `cacheMaxAge` option, throwing a `TypeError` that names a wrong member. */
export function resolveCacheMaxAge(options: CacheMaxAgeOptions = {}): CacheMaxAge {
  if (typeof options !== "object" || options === null) throw invalidOption("cacheMaxAge", "expected an object");
  const seconds = (name: keyof CacheMaxAgeOptions, fallback: number): number => {
    const value = options[name] ?? fallback;
    if (!isNonNegativeInteger(value)) throw invalidOption(`cacheMaxAge.${name}`, "must be a whole number of seconds");
    return value;
  };
  return Object.freeze({ jwks: seconds("jwks", 300), metadata: seconds("metadata", 3600) });
}
