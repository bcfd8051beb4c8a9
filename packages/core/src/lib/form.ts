/**
 * Decodes one `application/x-www-form-urlencoded` component: `+` is a space, `%XX` a byte, and
 * the bytes must be well-formed UTF-8. Returns `undefined` for a malformed escape or bad UTF-8
 * instead of passing lookalike text on (`decodeURIComponent` is strict on both counts).
 */
export function decodeFormComponent(component: string): string | undefined {
  const spaced = component.includes("+") ? component.replaceAll("+", " ") : component;
  if (!spaced.includes("%")) return spaced;
  try {
    return decodeURIComponent(spaced);
  } catch {
    return undefined;
  }
}

/** Why a form body was refused. */
export type FormError = "malformed" | "repeated" | "too-many";

/** A parameter that may be sent more than once, and where its values are collected. */
export interface RepeatableParameter {
  readonly name: string;
  /** Receives each non-empty value, in order; the parameter is left out of the map. */
  readonly values: string[];
}

/** How {@link parseForm} reads a body. */
export interface FormOptions {
  /** The most `name=value` pairs accepted, every pair counted. @defaultValue unlimited */
  readonly maxParameters?: number | undefined;
  /** The one parameter that may repeat. @defaultValue none */
  readonly repeatable?: RepeatableParameter | undefined;
}

/**
 * Parses an `application/x-www-form-urlencoded` body into a map, strictly:
 * - a parameter sent without a value counts as omitted (RFC 6749 §3.2);
 * - a parameter present more than once is an error (RFC 6749 §3.2), even if one copy is empty,
 *   except `repeatable`, whose values are collected instead (RFC 8707 §2 lets `resource` repeat);
 * - a malformed percent-escape or non-UTF-8 byte sequence is an error, never replaced;
 * - more than `maxParameters` parameters is an error, found before the rest is decoded.
 */
export function parseForm(body: string, options: FormOptions = {}): Map<string, string> | FormError {
  const { maxParameters = Infinity, repeatable } = options;
  const params = new Map<string, string>();
  const seen = new Set<string>();
  if (body.length === 0) return params;
  let count = 0;
  for (const pair of body.split("&")) {
    if (pair.length === 0) continue;
    // Every name=value pair counts, whatever happens to it below.
    if (++count > maxParameters) return "too-many";
    const equals = pair.indexOf("=");
    const name = decodeFormComponent(equals === -1 ? pair : pair.slice(0, equals));
    const value = equals === -1 ? "" : decodeFormComponent(pair.slice(equals + 1));
    if (name === undefined || value === undefined) return "malformed";
    if (name === repeatable?.name) {
      if (value.length > 0) repeatable.values.push(value);
      continue;
    }
    if (seen.has(name)) return "repeated";
    seen.add(name);
    if (value.length > 0) params.set(name, value);
  }
  return params;
}

const formMediaType = "application/x-www-form-urlencoded";

/**
 * `application/x-www-form-urlencoded`, in any letter case, with no parameter other than a UTF-8
 * charset (RFC 6749 Appendix B: the body is UTF-8).
 */
export function isFormMediaType(contentType: string | null): boolean {
  if (contentType === formMediaType) return true; // as nearly every client sends it
  if (contentType === null) return false;
  const [type = "", ...parameters] = contentType.split(";");
  if (type.trim().toLowerCase() !== formMediaType) return false;
  return parameters.every((parameter) => {
    const [name = "", value = ""] = parameter.split("=", 2);
    if (name.trim().toLowerCase() !== "charset") return true;
    return /^"?utf-8"?$/i.test(value.trim());
  });
}
