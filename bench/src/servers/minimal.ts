/**
 * The HTTP floor of token issuance on Node: the minimal endpoint (minimal-endpoint.ts) on
 * `node:http`, signing with `node:crypto`'s `sign` and a callback, on the thread pool as WebCrypto
 * does.
 */
import { createPrivateKey } from "node:crypto";
import { createServer, type Server } from "node:http";
import { tokenRequest, type Alg } from "../fixture.js";
import { minimalEndpoint, signer, tokenResponse } from "./minimal-endpoint.js";

const headers = { "content-type": "application/json", "cache-control": "no-store", pragma: "no-cache" };

/** The HTTP floor: the minimal endpoint on `node:http`, signing with `crypto.sign` and a callback. */
export async function minimalServer(alg: Alg, privateKeyPem: string): Promise<Server> {
  const key = createPrivateKey(privateKeyPem);
  const decide = await minimalEndpoint(alg, key);
  const signJws = signer(alg, key);

  return createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const answer = (status: number, body: string) => {
        res.writeHead(status, { ...headers, "content-length": Buffer.byteLength(body) });
        res.end(body);
      };
      const decision = decide({
        method: req.method,
        atTokenPath: req.url === tokenRequest.path,
        contentType: req.headers["content-type"],
        authorization: req.headers.authorization,
        body: Buffer.concat(chunks).toString("utf8"),
      });
      if ("error" in decision) return answer(decision.status, JSON.stringify({ error: decision.error }));
      signJws(Buffer.from(decision.signingInput), (error, signature) => {
        if (error !== null) return answer(500, JSON.stringify({ error: "server_error" }));
        answer(200, tokenResponse(decision.signingInput, signature, decision.scope));
      });
    });
  });
}
