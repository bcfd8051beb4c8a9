/**
 * Tessera as the bench serves it: one core configuration (the bench client, one scope, the
 * run's key for the algorithm, no token repository, so memory stays flat however many tokens
 * are issued), behind @tessera/node or behind @tessera/hono on @hono/node-server, or called
 * in-process.
 */
import type { Server } from "node:http";
import { serve } from "@hono/node-server";
import {
  clientCredentialsGrant,
  createAuthorizationServer,
  InMemoryClientRepository,
  InMemoryScopeRepository,
  type AuthorizationServer,
} from "@tessera/core";
import { tessera } from "@tessera/hono";
import { createServer } from "@tessera/node";
import { benchClient, benchKeyClient, issuer } from "../fixture.js";

export async function createBenchServer(privateKeyPem: string): Promise<AuthorizationServer> {
  const server = createAuthorizationServer({
    issuer,
    clients: new InMemoryClientRepository([
      { clientId: benchClient.clientId, clientSecret: benchClient.clientSecret, scopes: [benchClient.scope] },
      // The key-bound targets' client (inprocess/key-bound.ts); present in every configuration so all compare alike.
      {
        clientId: benchKeyClient.clientId,
        scopes: [benchKeyClient.scope],
        tokenEndpointAuthMethod: "private_key_jwt",
        jwks: { keys: [{ kty: "OKP", crv: "Ed25519", x: benchKeyClient.privateJwk.x, kid: "bench-key" }] },
      },
    ]),
    scopes: new InMemoryScopeRepository([benchClient.scope]),
    signingKey: privateKeyPem,
    grants: [clientCredentialsGrant()],
  });
  await server.ready;
  return server;
}

export async function tesseraNodeServer(privateKeyPem: string): Promise<Server> {
  return createServer((await createBenchServer(privateKeyPem)).fetch);
}

/** @hono/node-server listens as soon as it is created, so this one takes the address. */
export async function tesseraHonoServer(privateKeyPem: string, port: number, hostname: string): Promise<Server> {
  const app = tessera(await createBenchServer(privateKeyPem));
  return serve({ fetch: app.fetch, port, hostname }) as Server;
}
