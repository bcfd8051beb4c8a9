/**
 * The requests the example suites send over real HTTP (token requests, JSON documents, the demo
 * protected resource, discovery for `oauth4webapi`) and the RFC 6750 challenges they expect back.
 */
import { basicAuthorization } from "@tessera/core/testing";
import * as oauth from "oauth4webapi";
import { expect } from "vitest";
import type { Credentials } from "./clients.js";

/** How long any one request to an example may take, in milliseconds. */
const requestTimeout = 10_000;

/** A client credentials request: who asks, how it authenticates, and for what scope. */
export interface TokenRequest {
  readonly client: Credentials;
  readonly method: "client_secret_basic" | "client_secret_post";
  readonly scope?: string;
}

/** POSTs a client credentials request to `${base}/token`. */
export function requestToken(base: string, { client, method, scope }: TokenRequest): Promise<Response> {
  const body = new URLSearchParams({ grant_type: "client_credentials" });
  if (scope !== undefined) body.set("scope", scope);
  const headers: Record<string, string> = { "content-type": "application/x-www-form-urlencoded" };
  if (method === "client_secret_basic") {
    headers.authorization = basicAuthorization(client.client_id, client.client_secret);
  } else {
    body.set("client_id", client.client_id);
    body.set("client_secret", client.client_secret);
  }
  return fetch(`${base}/token`, { method: "POST", headers, body, signal: AbortSignal.timeout(requestTimeout) });
}

/** POSTs `token` to `url` (`/revoke` or `/introspect`) as a form, with the client's Basic credentials. */
export function postToken(url: string, client: Credentials, token: string): Promise<Response> {
  return fetch(url, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      authorization: basicAuthorization(client.client_id, client.client_secret),
    },
    body: new URLSearchParams({ token }),
    signal: AbortSignal.timeout(requestTimeout),
  });
}

/** GETs `url` and reads its body as a JSON object. */
export async function getJson(url: string): Promise<{ response: Response; body: Record<string, unknown> }> {
  const response = await fetch(url, { signal: AbortSignal.timeout(requestTimeout) });
  return { response, body: (await response.json()) as Record<string, unknown> };
}

/** Asserts that `response` is a successful token response, and returns its access token and body. */
export async function accessToken(response: Response): Promise<{ token: string; body: Record<string, unknown> }> {
  const body = (await response.json()) as Record<string, unknown>;
  expect({ status: response.status, body }).toMatchObject({
    status: 200,
    body: { token_type: "Bearer", access_token: expect.any(String) },
  });
  return { token: body.access_token as string, body };
}

/** Requests `${base}/whoami`, the examples' demo protected resource, with `authorization` (and `extra` headers) if given. */
export function whoami(base: string, authorization?: string, method = "GET", extra: Record<string, string> = {}): Promise<Response> {
  const headers: Record<string, string> = authorization === undefined ? { ...extra } : { ...extra, authorization };
  return fetch(`${base}/whoami`, { method, headers, signal: AbortSignal.timeout(requestTimeout) });
}

/** A client's Basic credentials (RFC 6749 §2.3.1). */
export function basicAuthorizationOf(client: Credentials): string {
  return basicAuthorization(client.client_id, client.client_secret);
}

/** Whether something still accepts connections at `url`. */
export async function accepts(url: string): Promise<boolean> {
  try {
    await fetch(url, { signal: AbortSignal.timeout(2_000) });
    return true;
  } catch {
    return false;
  }
}

/** http is allowed on loopback only, and oauth4webapi insists on being told so explicitly. */
export const insecure = { [oauth.allowInsecureRequests]: true } as const;

/** The server at `issuer`, discovered the standard way (RFC 8414) and checked by oauth4webapi. */
export async function discover(issuer: string): Promise<oauth.AuthorizationServer> {
  const url = new URL(issuer);
  return oauth.processDiscoveryResponse(url, await oauth.discoveryRequest(url, { algorithm: "oauth2", ...insecure }));
}

/** A request to a resource server carrying `token`, for oauth4webapi's `validateJwtAccessToken`. */
export function bearer(token: string): Request {
  return new Request("http://localhost/resource", { headers: { authorization: `Bearer ${token}` } });
}

/** A bare RFC 6750 §3 challenge: the realm and nothing else, no error code. */
export const bareChallenge = /^Bearer realm="[^"]+"$/;

/** The RFC 6750 §3.1 challenge for a token that does not verify. */
export const invalidTokenChallenge = /^Bearer realm="[^"]+", error="invalid_token"(, |$)/;
