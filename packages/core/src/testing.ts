/**
 * `@tessera/core/testing`: what a user's own tests need — token requests with credentials
 * encoded exactly as RFC 6749 §2.3.1 says, a throwaway signing key, and an access token from a
 * real authorization server in the same process.
 *
 * @example A test of an API protected by a resource server
 * ```ts
 * const server = createAuthorizationServer({
 *   issuer: "http://localhost",
 *   clients: new InMemoryClientRepository([{ clientId: "svc", clientSecret: "test-secret", scopes: ["read"] }]),
 *   signingKey: await generateTestSigningKey(),
 *   grants: [clientCredentialsGrant()],
 * });
 * const token = await issueTestToken(server, { clientId: "svc", clientSecret: "test-secret" }, { scope: "read" });
 * const response = await api.fetch(new Request("http://localhost/orders", { headers: { authorization: `Bearer ${token}` } }));
 * ```
 *
 * @packageDocumentation
 */
import { generateKeyPair } from "jose";
import type { AuthorizationServer } from "./authorization-server/create.js";
import { utf8Encoder } from "./lib/utf8.js";
import type { SigningAlgorithm } from "./tokens/keys.js";

/** `application/x-www-form-urlencoded` encoding of one value. */
export function formEncode(value: string): string {
  return new URLSearchParams([["", value]]).toString().slice(1);
}

/**
 * An `Authorization: Basic` value for client credentials: id and secret are form-urlencoded
 * before base64, as RFC 6749 §2.3.1 requires (so a `:` in an id, or a `+` or `%` in a secret,
 * survives). `curl -u` does not do this.
 */
export function basicAuthorization(clientId: string, clientSecret: string): string {
  const bytes = utf8Encoder.encode(`${formEncode(clientId)}:${formEncode(clientSecret)}`);
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return `Basic ${btoa(binary)}`;
}

/** A fresh key pair for tests: RSA-2048 for RS256 (the default), P-256 for ES256, Ed25519 for EdDSA. */
export async function generateTestSigningKey(alg: SigningAlgorithm = "RS256"): Promise<CryptoKeyPair> {
  return generateKeyPair(alg, { extractable: true, ...(alg === "RS256" ? { modulusLength: 2048 } : {}) });
}

/** A client's credentials, and how to present them. */
export interface TestClientCredentials {
  readonly clientId: string;
  readonly clientSecret: string;
  /** @defaultValue `"client_secret_basic"` */
  readonly method?: "client_secret_basic" | "client_secret_post" | undefined;
}

/** More parameters of a token request, by RFC name: `scope`, `resource` (repeatable), … */
export type TokenRequestParameters = Readonly<Record<string, string | readonly string[]>>;

/**
 * A client credentials token request (RFC 6749 §4.4.2) to `tokenEndpoint`: a form POST with
 * `grant_type=client_credentials`, the `parameters`, and the client's credentials as its
 * `method` says.
 */
export function tokenRequest(
  tokenEndpoint: string,
  client: TestClientCredentials,
  parameters: TokenRequestParameters = {},
): Request {
  const body = new URLSearchParams({ grant_type: "client_credentials" });
  for (const [name, value] of Object.entries(parameters)) {
    for (const one of typeof value === "string" ? [value] : value) body.append(name, one);
  }
  const headers = new Headers({ "content-type": "application/x-www-form-urlencoded" });
  if (client.method === "client_secret_post") {
    body.set("client_id", client.clientId);
    body.set("client_secret", client.clientSecret);
  } else {
    headers.set("authorization", basicAuthorization(client.clientId, client.clientSecret));
  }
  return new Request(tokenEndpoint, { method: "POST", headers, body: body.toString() });
}

/**
 * An access token from `server`'s token endpoint, in-process. Rejects with an `Error` holding the
 * status and OAuth error code when the server refuses.
 */
export async function issueTestToken(
  server: Pick<AuthorizationServer, "respondToTokenRequest" | "issuer" | "paths">,
  client: TestClientCredentials,
  parameters: TokenRequestParameters = {},
): Promise<string> {
  const endpoint = new URL(server.paths.token, server.issuer).href;
  const response = await server.respondToTokenRequest(tokenRequest(endpoint, client, parameters));
  const body = (await response.json()) as { access_token?: unknown; error?: unknown };
  if (response.status !== 200 || typeof body.access_token !== "string") {
    throw new Error(`the token endpoint answered ${response.status} ${String(body.error)}`);
  }
  return body.access_token;
}
