/** RFC 6749 Appendix A: client-id and client-secret are `*VSCHAR`, VSCHAR = %x20-7E. */
export const vschar = /^[\x20-\x7E]*$/;

/** Whether `value` can be a client id or secret: non-empty VSCHAR (RFC 6749 Appendix A.1–2). */
export function isClientIdentifier(value: string): boolean {
  return value.length > 0 && vschar.test(value);
}
