/**
 * What the example suites share: the clients they register, token requests, and checks on what
 * an example prints.
 */
import { basicAuthorization } from "@tessera/core/testing";
import * as oauth from "oauth4webapi";
import { expect } from "vitest";

/** The clients the suite registers through `OAUTH_CLIENTS`. */
export const service = { client_id: "service", client_secret: "service-s3cret-value", scope: "read write" } as const;
export const postOnly = {
  client_id: "post-only",
  client_secret: "post-only-s3cret-value",
  scope: "read",
  token_endpoint_auth_method: "client_secret_post",
} as const;
export const clientsJson = JSON.stringify({ clients: [service, postOnly] });
/** The demo client every example serves when `OAUTH_CLIENTS` is not set, with its published secret. */
export const demoClient = { client_id: "demo-client", client_secret: "demo-secret" } as const;

export interface TokenRequest {
  readonly client: { readonly client_id: string; readonly client_secret: string };
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
  return fetch(`${base}/token`, { method: "POST", headers, body });
}

export async function getJson(url: string): Promise<{ response: Response; body: Record<string, unknown> }> {
  const response = await fetch(url);
  return { response, body: (await response.json()) as Record<string, unknown> };
}

export async function accessToken(response: Response): Promise<{ token: string; body: Record<string, unknown> }> {
  expect(response.status).toBe(200);
  const body = (await response.json()) as Record<string, unknown>;
  expect(typeof body.access_token).toBe("string");
  return { token: body.access_token as string, body };
}

export function lines(text: string): string[] {
  return text.split("\n").filter((line) => line !== "");
}

/** Asserts that nothing an example printed contains any of `secrets`. */
export function expectNoSecret(output: { stdout: string; stderr: string }, secrets: readonly string[]): void {
  for (const secret of secrets) {
    expect(output.stdout).not.toContain(secret);
    expect(output.stderr).not.toContain(secret);
  }
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

/** The lines of a PEM between its BEGIN and END lines: key material, never to be printed. */
export function pemLines(pem: string): string[] {
  return pem.split("\n").filter((line) => line !== "" && !line.startsWith("-----"));
}

/** http is allowed on loopback only, and oauth4webapi insists on being told so explicitly. */
export const insecure = { [oauth.allowInsecureRequests]: true } as const;

/** The server at `issuer`, discovered the standard way (RFC 8414) and checked by oauth4webapi. */
export async function discover(issuer: string): Promise<oauth.AuthorizationServer> {
  const url = new URL(issuer);
  return oauth.processDiscoveryResponse(url, await oauth.discoveryRequest(url, { algorithm: "oauth2", ...insecure }));
}
