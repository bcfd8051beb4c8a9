import {
  decodeProtectedHeader,
  EmbeddedJWK,
  errors,
  jwtVerify,
  type CryptoKey as JoseCryptoKey,
  type FlattenedJWSInput,
  type JWSHeaderParameters,
} from "jose";
import { encodeBase64Url } from "../lib/base64.js";
import { sha256 } from "../lib/sha256.js";
import { utf8Encoder } from "../lib/utf8.js";
import type { ReplayStore } from "../storage/replay.js";
import type { DpopNonces } from "./dpop-nonce.js";
import { jwkThumbprint, type PublicJwk } from "./jwk.js";

/**
 * The JWS algorithms a DPoP proof may be signed with: asymmetric only (RFC 9449 §4.3, item 5).
 * `Ed25519` is the fully-specified name of EdDSA with Ed25519 (RFC 9864), which oauth4webapi sends.
 */
export type DpopAlgorithm = "ES256" | "PS256" | "EdDSA" | "Ed25519" | "RS256";

/** Why a DPoP proof is refused, each with its fixed description. */
export const dpopRefusals = {
  malformed: "The DPoP proof is not a well-formed JWT.",
  type: "The DPoP proof's typ must be dpop+jwt.",
  algorithm: "The DPoP proof is signed with an algorithm this server does not accept.",
  key: "The DPoP proof's jwk is not a usable public key.",
  privateKey: "The DPoP proof's jwk holds a private key.",
  signature: "The DPoP proof's signature is invalid.",
  claims: "The DPoP proof lacks a required claim or has a malformed one.",
  method: "The DPoP proof's htm does not match the request method.",
  url: "The DPoP proof's htu does not match the request URL.",
  stale: "The DPoP proof was issued too long ago.",
  future: "The DPoP proof was issued in the future.",
  accessTokenHash: "The DPoP proof's ath does not match the access token.",
  replayed: "The DPoP proof was used before.",
  nonce: "The DPoP proof lacks the server's current nonce.",
  boundToAnotherKey: "The access token is bound to another key.",
} as const;

export type DpopRefusal = keyof typeof dpopRefusals;

/** A DPoP proof failed a check of RFC 9449 §4.3; `nonce` is set for `nonce`, the one to use. */
export class DpopProofRefused extends Error {
  override readonly name = "DpopProofRefused";
  readonly reason: DpopRefusal;
  readonly nonce: string | undefined;
  constructor(reason: DpopRefusal, nonce?: string) {
    super(dpopRefusals[reason]);
    this.reason = reason;
    this.nonce = nonce;
  }
}

/** How proofs are checked: the resolved `dpop` option of either server. */
export interface DpopSettings {
  readonly algorithms: readonly DpopAlgorithm[];
  /** Seconds a proof's `iat` may lie in the past. */
  readonly proofLifetime: number;
  /** Seconds of clock skew allowed, for an `iat` in the future. */
  readonly clockTolerance: number;
  /** Server-provided nonces (RFC 9449 §8), when required. */
  readonly nonces: DpopNonces | undefined;
  readonly replay: ReplayStore;
  readonly now: () => number;
}

/** What the request a proof came with must match. */
export interface ExpectedProof {
  /** The request method, for `htm`. */
  readonly method: string;
  /** The URLs `htu` may name (normalised; query and fragment ignored). */
  readonly urls: readonly string[];
  /** The access token the request presents, for `ath` (RFC 9449 §4.3, item 12). */
  readonly accessToken?: string | undefined;
  /** The `jkt` the access token is bound to (RFC 9449 §7.1). */
  readonly boundTo?: string | undefined;
}

/** A proof that passed every check, its `jti` reserved. */
export interface VerifiedDpopProof {
  /** The RFC 7638 SHA-256 thumbprint of the proof's key: what `cnf.jkt` binds a token to. */
  readonly jkt: string;
}

/** The longest proof read; proofs are a few hundred bytes (an RSA key's jwk makes them longer). */
const maxProofLength = 8192;
/** Members of a JWK that hold private or symmetric key material (RFC 7518 §6). */
const secretMembers = ["d", "p", "q", "dp", "dq", "qi", "oth", "k"];

/**
 * The URL `htu` is compared as (RFC 9449 §4.3, item 9): scheme, host, port and path, normalised
 * as RFC 3986 §6.2.2 and §6.2.3 ask (case of scheme and host, default port, dot segments,
 * percent-encoding case), query and fragment dropped. `undefined` for what is not a URL.
 */
export function normaliseHtu(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return undefined;
  }
  const path = url.pathname.replace(/%[0-9a-f]{2}/gi, (escape) => escape.toUpperCase());
  return `${url.protocol}//${url.host}${path}`;
}

/** base64url of the SHA-256 of an access token: a proof's `ath` (RFC 9449 §4.2). */
export function accessTokenHash(accessToken: string): string {
  return encodeBase64Url(sha256(utf8Encoder.encode(accessToken)));
}

/**
 * Checks a DPoP proof as RFC 9449 §4.3 lists, in its order: a well-formed JWT; `typ` `dpop+jwt`;
 * an accepted asymmetric `alg`; a public `jwk` with no private member; the signature by that key
 * (jose's `EmbeddedJWK`); `jti`, `htm`, `htu` and `iat` present; `htm` and `htu` matching the
 * request; the server's nonce when nonces are on; `iat` no older than `proofLifetime` and no more
 * than `clockTolerance` ahead; `ath` matching the access token; the key the token is bound to;
 * and last, the `jti` reserved against replay (RFC 9449 §11.1) until the proof is too old anyway.
 * Rejects with {@link DpopProofRefused}; a failing replay store rejects with its own error.
 */
export async function verifyDpopProof(proof: string, expected: ExpectedProof, settings: DpopSettings): Promise<VerifiedDpopProof> {
  if (proof.length > maxProofLength) throw new DpopProofRefused("malformed");
  const header = readHeader(proof);
  const nowSeconds = settings.now() / 1000;
  let payload: Record<string, unknown>;
  try {
    ({ payload } = await jwtVerify(proof, embeddedKey, {
      typ: "dpop+jwt",
      algorithms: [...settings.algorithms],
      currentDate: new Date(settings.now()),
      clockTolerance: settings.clockTolerance,
      maxTokenAge: settings.proofLifetime,
      requiredClaims: ["jti", "htm", "htu", "iat"],
    }));
  } catch (error) {
    throw new DpopProofRefused(refusalOf(error));
  }
  const { jti, htm, htu, iat, ath, nonce } = payload;
  if (typeof jti !== "string" || jti === "" || jti.length > 512 || typeof htm !== "string" || typeof htu !== "string") {
    throw new DpopProofRefused("claims");
  }
  if (htm !== expected.method) throw new DpopProofRefused("method");
  const url = normaliseHtu(htu);
  if (url === undefined || !expected.urls.includes(url)) throw new DpopProofRefused("url");
  if ((iat as number) > nowSeconds + settings.clockTolerance) throw new DpopProofRefused("future");
  await checkNonce(nonce, settings.nonces);
  if (expected.accessToken !== undefined && ath !== accessTokenHash(expected.accessToken)) throw new DpopProofRefused("accessTokenHash");
  const jkt = thumbprintOf(header.jwk as PublicJwk);
  if (expected.boundTo !== undefined && jkt !== expected.boundTo) throw new DpopProofRefused("boundToAnotherKey");
  const key = `dpop:${encodeBase64Url(sha256(utf8Encoder.encode(`${jkt} ${jti}`)))}`;
  const until = Math.ceil((iat as number) + settings.proofLifetime + settings.clockTolerance);
  if (!(await settings.replay.reserve(key, until))) throw new DpopProofRefused("replayed");
  return { jkt };
}

/** The most proof keys kept imported; the oldest is dropped past it. */
const maxCachedKeys = 1000;
/** Proof keys as jose's `EmbeddedJWK` imported them, by `alg` and the `jwk` as sent. */
const importedKeys = new Map<string, Promise<JoseCryptoKey>>();

/**
 * jose's `EmbeddedJWK`, remembered: a client signs every proof with the same key, and importing
 * it costs more than checking the signature, so the key jose imported (and checked to be public)
 * for a given `alg` and `jwk` is kept, at most {@link maxCachedKeys} of them.
 */
function embeddedKey(header: JWSHeaderParameters, token: FlattenedJWSInput): Promise<JoseCryptoKey> {
  const id = `${String(header.alg)} ${JSON.stringify(header.jwk)}`;
  let key = importedKeys.get(id);
  if (key === undefined) {
    key = EmbeddedJWK(header, token);
    key.catch(() => importedKeys.delete(id));
    if (importedKeys.size >= maxCachedKeys) importedKeys.delete(importedKeys.keys().next().value as string);
    importedKeys.set(id, key);
  }
  return key;
}

/** The proof key's RFC 7638 thumbprint; a key that verified the signature always has one, but a refusal beats a 500. */
function thumbprintOf(jwk: PublicJwk): string {
  try {
    return jwkThumbprint(jwk);
  } catch {
    throw new DpopProofRefused("key");
  }
}

/** The protected header, checked before the signature: `typ`, and a `jwk` with nothing private. */
function readHeader(proof: string): { readonly jwk: unknown } {
  let header: Record<string, unknown>;
  try {
    header = decodeProtectedHeader(proof) as Record<string, unknown>;
  } catch {
    throw new DpopProofRefused("malformed");
  }
  if (typeof header.typ !== "string" || header.typ.toLowerCase() !== "dpop+jwt") throw new DpopProofRefused("type");
  const { jwk } = header;
  if (typeof jwk !== "object" || jwk === null || Array.isArray(jwk)) throw new DpopProofRefused("key");
  if (secretMembers.some((member) => member in jwk)) throw new DpopProofRefused("privateKey");
  return { jwk };
}

async function checkNonce(nonce: unknown, nonces: DpopNonces | undefined): Promise<void> {
  if (nonces === undefined) return;
  if (typeof nonce !== "string" || !(await nonces.accepts(nonce))) throw new DpopProofRefused("nonce", await nonces.current());
}

function refusalOf(error: unknown): DpopRefusal {
  if (error instanceof errors.JWTExpired) return error.claim === "iat" ? "stale" : "claims";
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === "typ") return "type";
    if (error.claim === "iat" && error.reason === "check_failed") return "future";
    return "claims";
  }
  if (error instanceof errors.JOSEAlgNotAllowed || error instanceof errors.JOSENotSupported) return "algorithm";
  if (error instanceof errors.JWSSignatureVerificationFailed) return "signature";
  if (error instanceof errors.JWSInvalid && /jwk/i.test(error.message)) return "key";
  return "malformed";
}
