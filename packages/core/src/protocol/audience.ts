import { invalidOption } from "../lib/checks.js";

/**
 * Checks an audience option (RFC 7519 §4.1.3: one string, or an array of them) and returns it
 * frozen, in the form given. Throws a `TypeError` naming `name` for anything else, an empty
 * string or an empty array included.
 */
export function resolveAudience(name: string, audience: unknown): string | readonly string[] {
  const values: unknown = typeof audience === "string" ? [audience] : audience;
  if (!Array.isArray(values) || values.length === 0 || !values.every((v) => typeof v === "string" && v !== "")) {
    throw invalidOption(name, "expected a non-empty string or a non-empty array of them");
  }
  return typeof audience === "string" ? audience : Object.freeze([...(values as string[])]);
}
