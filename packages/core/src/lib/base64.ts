import { base64url } from "jose";

/** base64url without padding (RFC 4648 §5), as JWS needs. */
export const encodeBase64Url: (input: Uint8Array | string) => string = base64url.encode;

/**
 * Strict standard base64 (RFC 4648 §4) decoding, as HTTP Basic credentials use it. Returns
 * `undefined` for anything that is not canonical base64 instead of guessing.
 */
export function decodeBase64(input: string): Uint8Array | undefined {
  if (input.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(input)) return undefined;
  let binary: string;
  try {
    binary = atob(input);
  } catch {
    return undefined;
  }
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
