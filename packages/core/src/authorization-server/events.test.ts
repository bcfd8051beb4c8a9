import * as core from "../index.js";
import { describe, expect, it, vi } from "vitest";
import type { AuthorizationServerEvents } from "./events.js";
import type { AuthorizationServer } from "./create.js";
import { basicAuthorization, formEncode } from "../testing.js";
import { createScenarioServer, issueScenarioToken, scenarioClients, scenarioIssuer } from "@tessera/conformance/tables";

const { service, auditor } = scenarioClients;
const serviceBasic = basicAuthorization(service.clientId, service.clientSecret);
const form = { "content-type": "application/x-www-form-urlencoded" };

function post(server: AuthorizationServer, path: string, body: string, headers: Record<string, string> = { authorization: serviceBasic }): Promise<Response> {
  return server.fetch(new Request(`${scenarioIssuer}${path}`, { method: "POST", headers: { ...form, ...headers }, body }));
}

const issue = (server: AuthorizationServer) => issueScenarioToken(server);

describe("events", () => {
  it("tells each hook what happened, with ids and never a secret or a token", async () => {
    const seen: [string, Record<string, unknown>][] = [];
    const record = (name: string) => (event: object) => void seen.push([name, event as Record<string, unknown>]);
    const events: AuthorizationServerEvents = {
      clientAuthenticationFailed: record("clientAuthenticationFailed"),
      accessTokenIssued: record("accessTokenIssued"),
      tokenRevoked: record("tokenRevoked"),
      introspectionPerformed: record("introspectionPerformed"),
    };
    const server = await createScenarioServer(core, { events });
    const token = await issue(server);
    await post(server, "/introspect", `token=${token}`, { authorization: basicAuthorization(auditor.clientId, auditor.clientSecret) });
    await post(server, "/revoke", `token=${token}`);
    await post(server, "/introspect", `token=${token}`);
    await post(server, "/token", "grant_type=client_credentials", { authorization: basicAuthorization(service.clientId, "wrong-s3cret") });
    await post(server, "/revoke", `token=x&client_id=${formEncode("who?")}&client_secret=wrong-s3cret`, {});
    await post(server, "/introspect", "token=x", {});

    const [[, issued]] = seen as [[string, Record<string, unknown>]];
    const jti = issued.jti as string;
    // Each event gives the request, its headers (those of the `Request`) and its peer (none told here).
    expect(seen.map(([name, { request, headers, peerAddress, ...rest }]) => [name, rest, request instanceof Request && headers === request.headers && peerAddress === undefined])).toEqual([
      ["accessTokenIssued", { grantType: "client_credentials", signingTime: expect.any(Number), clientId: service.clientId, subject: service.clientId, jti, scopes: ["read"], audience: scenarioIssuer, issuedAt: expect.any(Number), expiresAt: expect.any(Number) }, true],
      ["introspectionPerformed", { clientId: auditor.clientId, active: true, jti }, true],
      ["tokenRevoked", { clientId: service.clientId, jti }, true],
      ["introspectionPerformed", { clientId: service.clientId, active: false, jti: undefined }, true],
      ["clientAuthenticationFailed", { endpoint: "token", clientId: service.clientId }, true],
      ["clientAuthenticationFailed", { endpoint: "revocation", clientId: "who?" }, true],
      ["clientAuthenticationFailed", { endpoint: "introspection", clientId: undefined }, true],
    ]);
    const serialised = JSON.stringify(seen.map(([, { request: _request, headers: _headers, ...rest }]) => rest));
    expect(serialised).not.toContain(token);
    expect(serialised).not.toContain("s3cret");
    expect(serialised).not.toContain(service.clientSecret);
  });

  it("reports a hook that throws or rejects to onError, and answers as if it were not there", async () => {
    const onError = vi.fn();
    const thrown = new Error("hook threw");
    const rejected = new Error("hook rejected");
    const server = await createScenarioServer(core, {
      onError,
      events: {
        accessTokenIssued: () => {
          throw thrown;
        },
        clientAuthenticationFailed: () => Promise.reject(rejected),
      },
    });
    expect((await post(server, "/token", "grant_type=client_credentials")).status).toBe(200);
    expect((await post(server, "/token", "grant_type=client_credentials", {})).status).toBe(400);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(onError).toHaveBeenCalledWith(thrown, expect.any(Request));
    expect(onError).toHaveBeenCalledWith(rejected, expect.any(Request));
  });

  it("does not await a hook: a promise that never settles holds no response", async () => {
    const server = await createScenarioServer(core, { events: { accessTokenIssued: () => new Promise<void>(() => {}) } });
    expect((await post(server, "/token", "grant_type=client_credentials")).status).toBe(200);
  });

  it("refuses unknown events and hooks that are not functions at construction", async () => {
    await expect(createScenarioServer(core, { events: { tokenIssued: () => {} } as never })).rejects.toThrow(/events: unknown event "tokenIssued"/);
    await expect(createScenarioServer(core, { events: { tokenRevoked: "log" } as never })).rejects.toThrow(/events.tokenRevoked: expected a function/);
  });
});
