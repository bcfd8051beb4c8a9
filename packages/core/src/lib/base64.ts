import { base64url } from "jose";

const ascii = /^[\x00-\x7F]*$/;
const urlSafe: Readonly<Record<string, string>> = { "+": "-", "/": "_", "=": "" };

/**
 * base64url without padding (RFC 4648 §5), as JWS needs. A string is encoded as UTF-8; an ASCII
 * string (a JWT's claims, almost always) is its own byte string, so it goes straight to `btoa`
 * without an encoding pass.
 */
export function encodeBase64Url(input: Uint8Array | string): string {
  if (typeof input === "string" && ascii.test(input)) {
    return btoa(input).replace(/[+/=]/g, (character) => urlSafe[character] as string);
  }
  return base64url.encode(input);
}

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
