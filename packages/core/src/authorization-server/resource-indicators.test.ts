import * as core from "../index.js";
import { decodeJwt } from "jose";
import { describe, expect, it } from "vitest";
import { InMemoryClientRepository } from "./repositories/clients.js";
import { isResourceIndicator } from "./resource-indicators.js";
import type { AuthorizationServer } from "./create.js";
import { basicAuthorization } from "../testing.js";
import { createScenarioServer, scenarioIssuer } from "@tessera/conformance/tables";

const api = "https://api.example.com";
const ledger = "https://ledger.example.com/v1";
const client = { clientId: "svc", clientSecret: "svc-secret", scopes: ["read"], resources: [api, ledger] };

async function token(server: AuthorizationServer, body: string, credentials = client): Promise<{ status: number; claims?: Record<string, unknown>; expiresIn?: number }> {
  const response = await server.fetch(
    new Request(`${scenarioIssuer}/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", authorization: basicAuthorization(credentials.clientId, credentials.clientSecret) },
      body,
    }),
  );
  if (response.status !== 200) return { status: response.status };
  const json = (await response.json()) as { access_token: string; expires_in: number };
  return { status: 200, claims: decodeJwt(json.access_token), expiresIn: json.expires_in };
}

describe("resource indicators (RFC 8707) and client rules", () => {
  it("recognises absolute URIs without fragment", () => {
    expect(isResourceIndicator("https://api.example.com/x?y=1")).toBe(true);
    expect(isResourceIndicator("urn:example:resource")).toBe(true);
    for (const value of ["/relative", "api.example.com", "https://api.example.com/#", "https://api.example.com/#f", ""]) {
      expect(isResourceIndicator(value)).toBe(false);
    }
  });

  it("limits a token's lifetime by its audiences: the shortest limit wins, exp - iat = expires_in", async () => {
    const server = await createScenarioServer(core, {
      clients: new InMemoryClientRepository([client]),
      accessTokenTtl: 3600,
      accessTokenTtlByAudience: { [api]: 600, [ledger]: 120 },
    });
    const one = await token(server, `grant_type=client_credentials&resource=${encodeURIComponent(api)}`);
    expect(one.expiresIn).toBe(600);
    const both = await token(server, `grant_type=client_credentials&resource=${encodeURIComponent(api)}&resource=${encodeURIComponent(ledger)}`);
    expect(both.expiresIn).toBe(120);
    expect((both.claims?.exp as number) - (both.claims?.iat as number)).toBe(120);
    const none = await token(server, "grant_type=client_credentials");
    expect(none).toMatchObject({ expiresIn: 3600, claims: { aud: scenarioIssuer } });
  });

  it("takes a client's accessTokenTtl over the grant's and the server's, still under the audience limit", async () => {
    const server = await createScenarioServer(core, {
      clients: new InMemoryClientRepository([{ ...client, accessTokenTtl: 900 }]),
      accessTokenTtlByAudience: { [ledger]: 300 },
    });
    expect((await token(server, "grant_type=client_credentials")).expiresIn).toBe(900);
    expect((await token(server, `grant_type=client_credentials&resource=${encodeURIComponent(ledger)}`)).expiresIn).toBe(300);
  });

  it("refuses wrong accessTokenTtlByAudience at construction, naming the option", async () => {
    await expect(createScenarioServer(core, { accessTokenTtlByAudience: { [api]: 0 } })).rejects.toThrow(/accessTokenTtlByAudience\["https:\/\/api.example.com"\]/);
    await expect(createScenarioServer(core, { accessTokenTtlByAudience: [] as never })).rejects.toThrow(/accessTokenTtlByAudience: expected an object/);
  });

  it("refuses wrong client rules at registration, naming the client", () => {
    const base = { clientId: "c", clientSecret: "s" };
    expect(() => new InMemoryClientRepository([{ ...base, resources: ["https://a.example#f"] }])).toThrow(/client c: resources must be absolute URIs/);
    expect(() => new InMemoryClientRepository([{ ...base, resources: ["/relative"] }])).toThrow(/client c: resources/);
    expect(() => new InMemoryClientRepository([{ ...base, resources: [api], defaultResources: [ledger] }])).toThrow(/defaultResources must be among its resources/);
    expect(() => new InMemoryClientRepository([{ ...base, accessTokenTtl: 1.5 }])).toThrow(/client c: accessTokenTtl/);
    expect(() => new InMemoryClientRepository([{ ...base, introspection: "yes" as never }])).toThrow(/introspection must be a boolean/);
    expect(() => new InMemoryClientRepository([{ ...base, disabled: 1 as never }])).toThrow(/disabled must be a boolean/);
  });
});
