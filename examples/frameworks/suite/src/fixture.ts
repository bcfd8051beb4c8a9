import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import * as tessera from "@tessera/core";
import { createProtectedResourceFixture, type ScenarioTokens } from "@tessera/conformance/tables";

/**
 * What a recipe is started with: the protected resource fixture's authorization server
 * (issuer `http://localhost`, the scenario clients, an in-memory token repository), a resource
 * server for the fixture's audience that shares that repository, and the scenario tokens.
 */
export interface RecipeFixture {
  readonly server: tessera.AuthorizationServer;
  readonly resourceServer: tessera.ResourceServer;
  readonly tokens: ScenarioTokens;
  /** The authorization server's signing key, as a PKCS#8 PEM: for a recipe in another process. */
  readonly privateKeyPem: string;
}

/** Builds the fixture of {@link RecipeFixture} on this process's `@tessera/core`. */
export async function startRecipeFixture(): Promise<RecipeFixture> {
  const fixture = await createProtectedResourceFixture(tessera);
  await fixture.authorizationServer.ready;
  return {
    server: fixture.authorizationServer,
    resourceServer: tessera.createResourceServer(fixture.resourceServerOptions),
    tokens: fixture.tokens,
    privateKeyPem: await pkcs8Pem(fixture.signingKey.privateKey),
  };
}

/** Listens on an ephemeral loopback port; `close` ends every connection, then the server. */
export async function listenOn(server: Server): Promise<{ origin: string; close: () => Promise<void> }> {
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function pkcs8Pem(key: CryptoKey): Promise<string> {
  const base64 = Buffer.from(await crypto.subtle.exportKey("pkcs8", key)).toString("base64");
  return `-----BEGIN PRIVATE KEY-----\n${base64.replace(/.{64}/g, "$&\n").trimEnd()}\n-----END PRIVATE KEY-----\n`;
}
