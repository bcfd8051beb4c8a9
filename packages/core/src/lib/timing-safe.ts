/**
 * Compares two byte strings in time that depends only on their lengths, never on where they
 * first differ. Callers compare fixed-length digests, so the lengths reveal nothing.
 */
export function timingSafeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let i = 0; i < a.length; i++) difference |= (a[i] as number) ^ (b[i] as number);
  return difference === 0;
}
