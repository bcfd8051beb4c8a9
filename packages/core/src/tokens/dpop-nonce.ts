import { base64url } from "jose";
import { encodeBase64Url } from "../lib/base64.js";
import { invalidOption } from "../lib/checks.js";
import { utf8Encoder } from "../lib/utf8.js";

/** Options of server-provided DPoP nonces (RFC 9449 §8): `dpop.nonce` of either server. */
export interface DpopNonceOptions {
  /**
   * The HMAC key nonces are made with, at least 32 bytes (a string is taken as UTF-8). Give every
   * instance of one server the same secret, so that a nonce from one is accepted by the others.
   * @defaultValue 32 random bytes, drawn once per server: nonces hold within one process
   */
  readonly secret?: string | Uint8Array | undefined;
  /**
   * Seconds a nonce is handed out for; one is accepted for this long after it stops being handed
   * out, so a client's proof is never refused for a nonce just replaced. @defaultValue 300
   */
  readonly lifetime?: number | undefined;
}

/** Server-provided DPoP nonces, kept by no one: each names a time window and carries its MAC. */
export interface DpopNonces {
  /** The nonce handed out now. */
  current(): Promise<string>;
  /** Whether `nonce` is one this server made for the current window or the one before. */
  accepts(nonce: string): Promise<boolean>;
}

/**
 * Stateless nonces (RFC 9449 §8, §9 allows any server-chosen value): `<window>.<MAC>`, where the
 * window is the time divided by `lifetime` and the MAC is HMAC-SHA-256 over it. Nothing is stored,
 * so any instance with the secret checks any nonce; a nonce holds for one to two lifetimes.
 */
export function createDpopNonces(options: DpopNonceOptions | true, now: () => number, name: string): DpopNonces {
  const { secret, lifetime = 300 } = options === true ? {} : options;
  if (typeof lifetime !== "number" || !Number.isFinite(lifetime) || lifetime <= 0) {
    throw invalidOption(`${name}.lifetime`, "must be a positive number of seconds");
  }
  const secretBytes = typeof secret === "string" ? utf8Encoder.encode(secret) : secret;
  if (secretBytes !== undefined && (!(secretBytes instanceof Uint8Array) || secretBytes.length < 32)) {
    throw invalidOption(`${name}.secret`, "must be at least 32 bytes");
  }
  let key: Promise<CryptoKey> | undefined;
  const hmacKey = () =>
    (key ??= crypto.subtle.importKey(
      "raw",
      (secretBytes ?? crypto.getRandomValues(new Uint8Array(32))) as Uint8Array<ArrayBuffer>,
      { name: "HMAC", hash: "SHA-256" },
      false,
      ["sign", "verify"],
    ));
  const windowNow = () => Math.floor(now() / 1000 / lifetime);
  const made = new Map<number, Promise<string>>();
  const make = async (window: number) =>
    `${window}.${encodeBase64Url(new Uint8Array(await crypto.subtle.sign("HMAC", await hmacKey(), utf8Encoder.encode(String(window)))))}`;

  return {
    current() {
      const window = windowNow();
      let nonce = made.get(window);
      if (nonce === undefined) {
        made.clear();
        nonce = make(window);
        made.set(window, nonce);
      }
      return nonce;
    },
    async accepts(nonce) {
      const match = /^(\d{1,15})\.([A-Za-z0-9_-]{43})$/.exec(nonce);
      if (match === null) return false;
      const window = Number(match[1]);
      const current = windowNow();
      if (window !== current && window !== current - 1) return false;
      // Checked by WebCrypto, in constant time.
      return crypto.subtle.verify("HMAC", await hmacKey(), base64url.decode(match[2] as string) as Uint8Array<ArrayBuffer>, utf8Encoder.encode(String(window)));
    },
  };
}
