/**
 * PKCS#8 (RFC 5208) DER surgery for one case WebCrypto does not take: an RSA-PSS private key
 * (`openssl genpkey -algorithm RSA-PSS`), whose AlgorithmIdentifier is `id-RSASSA-PSS` (RFC 4055
 * §3.1) rather than `rsaEncryption`. The key inside is the same RSAPrivateKey either way, so the
 * identifier is swapped and the result imported for RSA-PSS; and the other way for export, so an
 * exported PS256 key says what it is.
 */

import { decodeBase64 } from "./base64.js";

/** `id-RSASSA-PSS`, 1.2.840.113549.1.1.10, as DER (tag, length, value). */
const rsaPssOid = [0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0a];
/** The AlgorithmIdentifier of `rsaEncryption` (1.2.840.113549.1.1.1) with NULL parameters. */
const rsaEncryption = [0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00];
/** The AlgorithmIdentifier of `id-RSASSA-PSS` without parameters: any hash (RFC 4055 §3.1). */
const rsaPss = [0x30, 0x0b, ...rsaPssOid];
/** `id-sha256`, 2.16.840.1.101.3.4.2.1, as DER: the only hash an RSA-PSS key's parameters may name here. */
const sha256Oid = [0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01];
const hashOidPrefix = [0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02];

/** A DER element's header: where its content starts and how long it is. */
function element(der: Uint8Array, at: number): { readonly start: number; readonly length: number } | undefined {
  const first = der[at + 1];
  if (first === undefined) return undefined;
  if (first < 0x80) return { start: at + 2, length: first };
  const count = first & 0x7f;
  if (count === 0 || count > 3) return undefined;
  let length = 0;
  for (let i = 0; i < count; i++) length = length * 256 + (der[at + 2 + i] ?? 0);
  return { start: at + 2 + count, length };
}

function encodeLength(length: number): number[] {
  if (length < 0x80) return [length];
  const bytes: number[] = [];
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest % 256);
  return [0x80 | bytes.length, ...bytes];
}

function startsWith(der: Uint8Array, at: number, prefix: readonly number[]): boolean {
  return prefix.every((byte, i) => der[at + i] === byte);
}

function contains(der: Uint8Array, from: number, to: number, needle: readonly number[]): boolean {
  for (let i = from; i + needle.length <= to; i++) if (startsWith(der, i, needle)) return true;
  return false;
}

/** The DER of a PKCS#8 PEM, `undefined` when it is not base64. */
function pemBody(pem: string): Uint8Array | undefined {
  return decodeBase64(pem.replace(/-----(BEGIN|END) PRIVATE KEY-----|\s/g, ""));
}

/** A PKCS#8 PEM of `der`, 64 characters a line. */
function toPem(der: Uint8Array): string {
  let binary = "";
  for (const byte of der) binary += String.fromCharCode(byte);
  const lines = btoa(binary).match(/.{1,64}/g) ?? [];
  return `-----BEGIN PRIVATE KEY-----\n${lines.join("\n")}\n-----END PRIVATE KEY-----\n`;
}

/** An RSA-PSS PKCS#8 PEM re-labelled `rsaEncryption`, so WebCrypto imports it; `undefined` for any other PEM. */
export function pemRsaPssAsRsaEncryption(pem: string): string | undefined {
  const der = pemBody(pem);
  const relabelled = der === undefined ? undefined : relabelRsaPssKey(der);
  return relabelled === undefined ? undefined : toPem(relabelled);
}

/** An `rsaEncryption` PKCS#8 PEM labelled `id-RSASSA-PSS`, as OpenSSL writes RSA-PSS keys; `undefined` for any other PEM. */
export function pemLabelledRsaPss(pem: string): string | undefined {
  const der = pemBody(pem);
  const labelled = der === undefined ? undefined : labelAsRsaPssKey(der);
  return labelled === undefined ? undefined : toPem(labelled);
}

/** Where a PKCS#8 key's AlgorithmIdentifier is: its start, its content's start and its end. */
function algorithmOf(der: Uint8Array): { readonly outer: { start: number; length: number }; readonly at: number; readonly start: number; readonly end: number } | undefined {
  const outer = der[0] === 0x30 ? element(der, 0) : undefined;
  if (outer === undefined || der[outer.start] !== 0x02) return undefined;
  const version = element(der, outer.start);
  if (version === undefined) return undefined;
  const at = version.start + version.length;
  const algorithm = der[at] === 0x30 ? element(der, at) : undefined;
  if (algorithm === undefined) return undefined;
  return { outer, at, start: algorithm.start, end: algorithm.start + algorithm.length };
}

function replaceAlgorithm(der: Uint8Array, found: NonNullable<ReturnType<typeof algorithmOf>>, replacement: readonly number[]): Uint8Array {
  const { outer, at, end } = found;
  const content = [...der.subarray(outer.start, at), ...replacement, ...der.subarray(end, outer.start + outer.length)];
  return new Uint8Array([0x30, ...encodeLength(content.length), ...content]);
}

/**
 * The DER of an RSA-PSS PKCS#8 key re-labelled `rsaEncryption`, or `undefined` when `der` is not
 * an RSA-PSS key, or is one whose parameters restrict it to a hash other than SHA-256.
 */
export function relabelRsaPssKey(der: Uint8Array): Uint8Array | undefined {
  const found = algorithmOf(der);
  if (found === undefined || !startsWith(der, found.start, rsaPssOid)) return undefined;
  const parametersAt = found.start + rsaPssOid.length;
  // Parameters name hashes; absent parameters leave the key unrestricted.
  if (contains(der, parametersAt, found.end, hashOidPrefix) && !contains(der, parametersAt, found.end, sha256Oid)) {
    return undefined;
  }
  return replaceAlgorithm(der, found, rsaEncryption);
}

/** The DER of an `rsaEncryption` PKCS#8 key labelled `id-RSASSA-PSS`, or `undefined` for another key. */
export function labelAsRsaPssKey(der: Uint8Array): Uint8Array | undefined {
  const found = algorithmOf(der);
  if (found === undefined || !startsWith(der, found.at, rsaEncryption.slice(0, 13))) return undefined;
  return replaceAlgorithm(der, found, rsaPss);
}
