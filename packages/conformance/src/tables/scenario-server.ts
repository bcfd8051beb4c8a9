import type * as TesseraCore from "@tessera/core";
import { generateTestSigningKey, issueTestToken, type TokenRequestParameters } from "@tessera/core/testing";
import { scenarioClients, scenarioIssuer, scenarioScopes } from "./clients.js";

/**
 * What the scenario fixture uses of `@tessera/core`, injected by the caller: the core under
 * test, loaded as its test or runtime loads it (the tables themselves import only types).
 */
export type ScenarioLibrary = Pick<
  typeof TesseraCore,
  | "clientCredentialsGrant"
  | "createAuthorizationServer"
  | "InMemoryClientRepository"
  | "InMemoryScopeRepository"
  | "MemoryStore"
>;

type AuthorizationServer = TesseraCore.AuthorizationServer;
type AuthorizationServerOptions = TesseraCore.AuthorizationServerOptions;

/**
 * A server of `core` configured as the scenario tables expect, with a fresh key unless given one.
 * Override any option, for example the issuer to match a listening port.
 */
export async function createScenarioServer(
  core: ScenarioLibrary,
  overrides: Partial<AuthorizationServerOptions> = {},
  signingKey?: AuthorizationServerOptions["signingKey"],
): Promise<AuthorizationServer> {
  return core.createAuthorizationServer({
    issuer: scenarioIssuer,
    clients: new core.InMemoryClientRepository(Object.values(scenarioClients)),
    scopes: new core.InMemoryScopeRepository(scenarioScopes),
    revocations: new core.MemoryStore(),
    signingKey: signingKey ?? (await generateTestSigningKey()),
    grants: [core.clientCredentialsGrant()],
    ...overrides,
  });
}

/** A scenario client, as {@link scenarioClients} lists them. */
export interface ScenarioClient {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly tokenEndpointAuthMethod?: string;
}

/**
 * An access token from `server`'s token endpoint, in-process, for `client` (the `service` client
 * by default): with `client_secret_post` if the client is registered for it, else
 * `client_secret_basic`. Rejects if the server refuses.
 */
export function issueScenarioToken(
  server: Pick<AuthorizationServer, "respondToTokenRequest" | "issuer" | "paths">,
  client: ScenarioClient = scenarioClients.service,
  parameters: TokenRequestParameters = {},
): Promise<string> {
  const method = client.tokenEndpointAuthMethod === "client_secret_post" ? "client_secret_post" : "client_secret_basic";
  return issueTestToken(server, { clientId: client.clientId, clientSecret: client.clientSecret, method }, parameters);
}
