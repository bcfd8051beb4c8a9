/**
 * The practical HTTP floor: the least a correct client-credentials token endpoint can do on
 * `node:http` and `node:crypto`. It reads the form, checks Basic credentials against a stored
 * SHA-256 digest in constant time (as Tessera does), and signs an RFC 9068 token with a
 * pre-imported key using `crypto.sign` with a callback, so the signature runs on the libuv
 * thread pool as WebCrypto's does. No routing, no options, no extensibility: a ceiling, not a
 * product.
 */
import { createHash, createPrivateKey, createPublicKey, randomBytes, sign, timingSafeEqual, type KeyObject } from "node:crypto";
import { createServer, type Server } from "node:http";
import { calculateJwkThumbprint, exportJWK } from "jose";
import { benchClient, issuer, type Alg } from "../fixture.js";

const headers = { "content-type": "application/json", "cache-control": "no-store", pragma: "no-cache" };

export async function minimalServer(alg: Alg, privateKeyPem: string): Promise<Server> {
  const key = createPrivateKey(privateKeyPem);
  const kid = await calculateJwkThumbprint(await exportJWK(createPublicKey(key)));
  const header = Buffer.from(JSON.stringify({ alg, typ: "at+jwt", kid })).toString("base64url");
  const signJws = signer(alg, key);
  const storedDigest = createHash("sha256").update(benchClient.clientSecret).digest();
  const basicPrefix = "Basic ";

  return createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const refuse = (status: number, error: string) => {
        const body = JSON.stringify({ error });
        res.writeHead(status, { ...headers, "content-length": Buffer.byteLength(body) });
        res.end(body);
      };
      if (req.method !== "POST" || req.url !== "/token") return refuse(404, "not_found");
      if (req.headers["content-type"] !== "application/x-www-form-urlencoded") return refuse(400, "invalid_request");
      const params = new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
      const authorization = req.headers.authorization ?? "";
      if (!authorization.startsWith(basicPrefix)) return refuse(401, "invalid_client");
      const credentials = Buffer.from(authorization.slice(basicPrefix.length), "base64").toString("utf8");
      const colon = credentials.indexOf(":");
      const clientId = credentials.slice(0, colon);
      const presented = createHash("sha256").update(credentials.slice(colon + 1)).digest();
      if (colon === -1 || !timingSafeEqual(presented, storedDigest) || clientId !== benchClient.clientId) {
        return refuse(401, "invalid_client");
      }
      if (params.get("grant_type") !== "client_credentials") return refuse(400, "unsupported_grant_type");
      const scope = params.get("scope") ?? benchClient.scope;
      if (scope !== benchClient.scope) return refuse(400, "invalid_scope");

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
      const signingInput = `${header}.${Buffer.from(JSON.stringify(claims)).toString("base64url")}`;
      signJws(Buffer.from(signingInput), (error, signature) => {
        if (error !== null) return refuse(500, "server_error");
        const body = JSON.stringify({
          access_token: `${signingInput}.${signature.toString("base64url")}`,
          token_type: "Bearer",
          expires_in: 3600,
          scope,
        });
        res.writeHead(200, { ...headers, "content-length": Buffer.byteLength(body) });
        res.end(body);
      });
    });
  });
}

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
