/** Checks of the token endpoint and the metadata that every example passes, on any runtime. */
import { expect } from "vitest";
import { demoClient, service } from "./clients.js";
import type { RunningExample } from "./example-process.js";
import { accessToken, getJson, requestToken } from "./http.js";

/** The issuer an example has by default: `http://localhost:PORT`. */
export function defaultIssuer(example: RunningExample): string {
  return `http://localhost:${example.port}`;
}

/** The RFC 8414 metadata, for the default issuer. */
export async function checkMetadata(example: RunningExample): Promise<void> {
  const issuer = defaultIssuer(example);
  const { response, body } = await getJson(`${example.url}/.well-known/oauth-authorization-server`);
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toBe("application/json");
  expect(body).toMatchObject({
    issuer,
    token_endpoint: `${issuer}/token`,
    jwks_uri: `${issuer}/.well-known/jwks.json`,
    grant_types_supported: ["client_credentials"],
    token_endpoint_auth_methods_supported: ["client_secret_basic", "client_secret_post", "private_key_jwt"],
    dpop_signing_alg_values_supported: ["ES256", "PS256", "EdDSA", "Ed25519", "RS256"],
  });
}

/** A token for {@link service} with client_secret_post, with all its scopes when it asks for none. */
export async function checkTokenForPost(example: RunningExample): Promise<void> {
  const { body } = await accessToken(await requestToken(example.url, { client: service, method: "client_secret_post" }));
  expect(body).toMatchObject({ token_type: "Bearer", scope: "read write" });
}

/** A wrong secret: 401 `invalid_client`, with a Basic challenge for the default issuer. */
export async function checkWrongSecret(example: RunningExample): Promise<void> {
  const client = { client_id: service.client_id, client_secret: "wrong-secret" };
  const response = await requestToken(example.url, { client, method: "client_secret_basic" });
  expect(response.status).toBe(401);
  expect(response.headers.get("www-authenticate")).toBe(`Basic realm="${defaultIssuer(example)}", charset="UTF-8"`);
  expect(await response.json()).toMatchObject({ error: "invalid_client" });
}

/** A token for the demo client with its documented secret, with its scopes `read write`. */
export async function checkDemoClientToken(example: RunningExample): Promise<void> {
  const { body } = await accessToken(await requestToken(example.url, { client: demoClient, method: "client_secret_basic" }));
  expect(body).toMatchObject({ token_type: "Bearer", scope: "read write" });
}

/** The demo client, with its documented secret, gets 401 `invalid_client`: it is not registered. */
export async function checkDemoClientRefused(example: RunningExample): Promise<void> {
  const response = await requestToken(example.url, { client: demoClient, method: "client_secret_basic" });
  expect({ status: response.status, body: await response.json() }).toMatchObject({ status: 401, body: { error: "invalid_client" } });
}
