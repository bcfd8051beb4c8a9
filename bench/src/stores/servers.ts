/**
 * The authorization server as the examples configure it, on @tessera/node: its state in memory
 * (`memoryStores`: a MemoryStore, the lockout's own counters) or in PostgreSQL (`databaseStores`
 * on `openPostgres`: clients cached, revocations in a local set, the lockout's counters in the
 * database), the one difference between the two targets of the `stores-issuance` group. Issuing
 * a token writes nothing in either; with PostgreSQL, the lockout reads its counters there.
 */
import type { Server } from "node:http";
import { clientCredentialsGrant, createAuthorizationServer, hashClientSecret, type Client } from "@tessera/core";
import { databaseStores, memoryStores } from "@tessera/example-config";
import { openPostgres } from "@tessera/example-config/postgres";
import { createServer } from "@tessera/node";
import { benchClient, issuer } from "../fixture.js";
import { benchDatabaseUrl } from "./database.js";

/** The bench client, as a store keeps it. */
export async function storedBenchClient(): Promise<Client> {
  return {
    clientId: benchClient.clientId,
    grantTypes: ["client_credentials"],
    scopes: [benchClient.scope],
    secrets: [{ hash: await hashClientSecret(benchClient.clientSecret) }],
  };
}

export async function tesseraStoresServer(privateKeyPem: string, storage: "memory" | "postgres"): Promise<Server> {
  const clients = [await storedBenchClient()];
  const stores = storage === "memory" ? await memoryStores(clients) : await databaseStores(await openPostgres(benchDatabaseUrl()), clients);
  const server = createAuthorizationServer({
    issuer,
    clients: stores.clients,
    revocations: stores.revocations,
    ...(stores.counters === undefined ? {} : { lockout: { counters: stores.counters } }),
    signingKey: privateKeyPem,
    grants: [clientCredentialsGrant()],
  });
  await server.ready;
  return createServer(server.fetch);
}
