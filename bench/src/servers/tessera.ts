/**
 * The lean Tessera configurations (servers/bench-server.ts) behind @tessera/node and behind
 * @tessera/hono on @hono/node-server: the token endpoint, and the protected resource through
 * each adapter's `authorize`, answering the principal.
 */
import { createServer as createNodeServer, type Server } from "node:http";
import { serve } from "@hono/node-server";
import { authorize as honoAuthorize, tessera, type TesseraEnv } from "@tessera/hono";
import { authorize as nodeAuthorize, createServer } from "@tessera/node";
import { Hono } from "hono";
import { resourceRequest, type Alg } from "../fixture.js";
import { bodyOf, createBenchResourceServer, createBenchServer } from "./bench-server.js";

export async function tesseraNodeServer(privateKeyPem: string): Promise<Server> {
  return createServer((await createBenchServer(privateKeyPem)).fetch);
}

/** @hono/node-server listens as soon as it is created, so this one takes the address. */
export async function tesseraHonoServer(privateKeyPem: string, port: number, hostname: string): Promise<Server> {
  const app = tessera(await createBenchServer(privateKeyPem));
  return serve({ fetch: app.fetch, port, hostname }) as Server;
}

/** `authorize(resourceServer, handler)` of @tessera/node on plain `node:http`. */
export async function tesseraNodeVerifier(alg: Alg, privateKeyPem: string, revoked: ReadonlySet<string> | undefined): Promise<Server> {
  const resourceServer = await createBenchResourceServer(alg, privateKeyPem, revoked);
  const guarded = nodeAuthorize(resourceServer, (_req, res, principal) => {
    const body = JSON.stringify(bodyOf(principal));
    res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
    res.end(body);
  });
  return createNodeServer((req, res) => {
    if (req.url === resourceRequest.path) return guarded(req, res);
    res.writeHead(404).end();
  });
}

/** `authorize(resourceServer)` of @tessera/hono, in a Hono app on @hono/node-server. */
export async function tesseraHonoVerifier(
  alg: Alg,
  privateKeyPem: string,
  revoked: ReadonlySet<string> | undefined,
  port: number,
  hostname: string,
): Promise<Server> {
  const resourceServer = await createBenchResourceServer(alg, privateKeyPem, revoked);
  const app = new Hono<TesseraEnv>();
  app.get(resourceRequest.path, honoAuthorize(resourceServer), (c) => {
    const principal = c.get("principal");
    return c.json(bodyOf(principal));
  });
  return serve({ fetch: app.fetch, port, hostname }) as Server;
}
