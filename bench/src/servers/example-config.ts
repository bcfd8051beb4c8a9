/**
 * The examples' configuration in a bench worker, for the in-process groups and `bench:memory`
 * (which must run in a process the bench can collect garbage in and sample): the authorization
 * server built exactly as examples/node builds it, through examples/config's `loadConfig` with
 * the examples' bench environment (servers/example-environment.ts) and
 * `createAuthorizationServer({ ...config.options(port), grants: [clientCredentialsGrant()], events })`,
 * so with the examples' stores and their log's hooks (each line made, then dropped: a worker's
 * stdout is the bench's). The HTTP groups start the examples themselves (servers/examples.ts).
 */
import { readFile } from "node:fs/promises";
import { clientCredentialsGrant, createAuthorizationServer, type AuthorizationServer } from "@tessera/core";
import { createRequestLog, loadConfig } from "@tessera/example-config";
import { exampleEnvironment } from "./example-environment.js";

export async function createExampleConfiguredServer(privateKeyPem: string): Promise<AuthorizationServer> {
  const config = await loadConfig(exampleEnvironment(privateKeyPem), { readFile });
  // OAUTH_ISSUER is set, so the port plays no part in the options.
  const { events } = createRequestLog(() => {});
  const server = createAuthorizationServer({ ...config.options(0), grants: [clientCredentialsGrant()], events });
  await server.ready;
  return server;
}
