/**
 * The practical floors of token issuance: the least a correct client-credentials token endpoint
 * can do, once on `node:http` and `node:crypto` (the HTTP floor, minimal.ts) and once as a fetch
 * handler on `Request`, `Response` and WebCrypto (here: the in-process floor of a
 * `(Request) => Promise<Response>` endpoint, and the HTTP floor on Bun.serve and Deno.serve).
 * Both read the form, check Basic credentials against a stored SHA-256 digest in constant time
 * (as Tessera does), and sign an RFC 9068 token with a pre-imported key on the runtime's thread
 * pool (`crypto.sign` with a callback, or `crypto.subtle.sign`). No routing, no options, no
 * extensibility: ceilings, not products. Nothing here imports `node:http`, so it loads on Bun and
 * Deno as well.
 */
import { Buffer } from "node:buffer";
import { createHash, createPrivateKey, createPublicKey, randomBytes, sign, timingSafeEqual, type KeyObject } from "node:crypto";
import { calculateJwkThumbprint, exportJWK, importPKCS8 } from "jose";
import { benchClient, issuer, tokenRequest, type Alg } from "../fixture.js";

const headers = { "content-type": "application/json", "cache-control": "no-store", pragma: "no-cache" };
const basicPrefix = "Basic ";

/** What the minimal endpoint makes of a request before signing: a refusal, or the token's signing input. */
type Decision = { readonly status: number; readonly error: string } | { readonly signingInput: string; readonly scope: string };

interface RequestParts {
  readonly method: string | undefined;
  /** Whether the request is for the token endpoint's path. */
  readonly atTokenPath: boolean;
  readonly contentType: string | null | undefined;
  readonly authorization: string | null | undefined;
  readonly body: string;
}

/** The minimal endpoint's decisions for one key: what both floors share. */
export async function minimalEndpoint(alg: Alg, key: KeyObject): Promise<(request: RequestParts) => Decision> {
  const kid = await calculateJwkThumbprint(await exportJWK(createPublicKey(key)));
  const header = Buffer.from(JSON.stringify({ alg, typ: "at+jwt", kid })).toString("base64url");
  const storedDigest = createHash("sha256").update(benchClient.clientSecret).digest();

  return ({ method, atTokenPath, contentType, authorization, body }) => {
    if (method !== "POST" || !atTokenPath) return { status: 404, error: "not_found" };
    if (contentType !== "application/x-www-form-urlencoded") return { status: 400, error: "invalid_request" };
    const params = new URLSearchParams(body);
    if (authorization == null || !authorization.startsWith(basicPrefix)) return { status: 401, error: "invalid_client" };
    const credentials = Buffer.from(authorization.slice(basicPrefix.length), "base64").toString("utf8");
    const colon = credentials.indexOf(":");
    const clientId = credentials.slice(0, colon);
    const presented = createHash("sha256").update(credentials.slice(colon + 1)).digest();
    if (colon === -1 || !timingSafeEqual(presented, storedDigest) || clientId !== benchClient.clientId) {
      return { status: 401, error: "invalid_client" };
    }
    if (params.get("grant_type") !== "client_credentials") return { status: 400, error: "unsupported_grant_type" };
    const scope = params.get("scope") ?? benchClient.scope;
    if (scope !== benchClient.scope) return { status: 400, error: "invalid_scope" };

    const iat = Math.floor(Date.now() / 1000);
    const claims = {
      iss: issuer,
      sub: clientId,
      aud: issuer,
      exp: iat + 3600,
      iat,
      jti: randomBytes(16).toString("base64url"),
      client_id: clientId,
      scope,
    };
    return { signingInput: `${header}.${Buffer.from(JSON.stringify(claims)).toString("base64url")}`, scope };
  };
}

/** The token response body for a signed token. */
export function tokenResponse(signingInput: string, signature: Uint8Array, scope: string): string {
  const accessToken = `${signingInput}.${Buffer.from(signature).toString("base64url")}`;
  return JSON.stringify({ access_token: accessToken, token_type: "Bearer", expires_in: 3600, scope });
}

/**
 * The in-process floor of an endpoint on `Request` and `Response`: the minimal endpoint as a
 * fetch handler, signing with `crypto.subtle.sign` as Tessera does. Against it, what Tessera's
 * `respondToTokenRequest` costs beyond what any fetch handler pays on this runtime shows.
 */
export async function minimalFetchHandler(alg: Alg, privateKeyPem: string): Promise<(request: Request) => Promise<Response>> {
  const decide = await minimalEndpoint(alg, createPrivateKey(privateKeyPem));
  const key = await importPKCS8(privateKeyPem, alg);
  const algorithm = webCryptoSign[alg];

  return async (request) => {
    const decision = decide({
      method: request.method,
      atTokenPath: pathOf(request.url) === tokenRequest.path,
      contentType: request.headers.get("content-type"),
      authorization: request.headers.get("authorization"),
      body: await request.text(),
    });
    if ("error" in decision) return Response.json({ error: decision.error }, { status: decision.status, headers });
    const signature = await crypto.subtle.sign(algorithm, key, Buffer.from(decision.signingInput));
    return new Response(tokenResponse(decision.signingInput, new Uint8Array(signature), decision.scope), { headers });
  };
}

/** The path of an absolute URL, without parsing the rest of it. */
export function pathOf(url: string): string {
  const start = url.indexOf("/", url.indexOf("//") + 2);
  if (start === -1) return "/";
  const query = url.indexOf("?", start);
  return url.slice(start, query === -1 ? undefined : query);
}

/** WebCrypto's parameters for each JWS algorithm (RFC 7518 §3.3–3.4, RFC 8037 §3.1). */
export const webCryptoSign: Readonly<Record<Alg, AlgorithmIdentifier | EcdsaParams>> = {
  RS256: { name: "RSASSA-PKCS1-v1_5" },
  ES256: { name: "ECDSA", hash: "SHA-256" },
  EdDSA: { name: "Ed25519" },
};

type Callback = (error: Error | null, signature: Buffer) => void;

/** `crypto.sign` with a callback (the thread pool) for each JWS algorithm. */
export function signer(alg: Alg, key: KeyObject): (data: Buffer, callback: Callback) => void {
  switch (alg) {
    case "RS256":
      return (data, callback) => sign("sha256", data, key, callback);
    case "ES256":
      // RFC 7518 §3.4: r || s, not DER.
      return (data, callback) => sign("sha256", data, { key, dsaEncoding: "ieee-p1363" }, callback);
    case "EdDSA":
      return (data, callback) => sign(null, data, key, callback);
  }
}
