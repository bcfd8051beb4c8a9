/**
 * RFC 9110 §5.6.4 quoted-string: `DQUOTE *( qdtext / quoted-pair ) DQUOTE`. `"` and `\` are
 * escaped with a backslash; a character no quoted-string can carry (controls other than HTAB,
 * DEL, anything outside Latin-1) becomes `?`, so no value can end the header line or the
 * parameter early.
 */
export function quotedString(value: string): string {
  let quoted = '"';
  for (const char of value) {
    const code = char.codePointAt(0) as number;
    if (char === '"' || char === "\\") quoted += `\\${char}`;
    else if (code === 0x09 || (code >= 0x20 && code <= 0x7e)) quoted += char;
    else quoted += "?";
  }
  return `${quoted}"`;
}

/** Whether `value` can be said in a quoted-string without any replacement. */
export function isQuotable(value: string): boolean {
  return /^[\t\x20-\x7E]*$/.test(value);
}
