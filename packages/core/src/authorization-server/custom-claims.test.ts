import * as core from "../index.js";
import { decodeJwt } from "jose";
import { describe, expect, it, vi } from "vitest";
import type { AuthorizationServer } from "./create.js";
import { basicAuthorization } from "../testing.js";
import { createScenarioServer, scenarioClients, scenarioIssuer } from "@tessera/conformance/tables";
import { protectedClaims, type CustomClaimsHook } from "./custom-claims.js";

const { service } = scenarioClients;

async function tokenResponse(server: AuthorizationServer, body = "grant_type=client_credentials&scope=write"): Promise<Response> {
  return server.fetch(
    new Request(`${scenarioIssuer}/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", authorization: basicAuthorization(service.clientId, service.clientSecret) },
      body,
    }),
  );
}

describe("the customClaims hook", () => {
  it("adds claims from the client and the request, sync or async", async () => {
    const hook = vi.fn<CustomClaimsHook>(async ({ client, request, scopes, audience, grantType, subject }) => ({
      tenant: `t-${client.clientId}`,
      roles: scopes.map((scope) => `role:${scope}`),
      context: { grantType, subject, audience, tenantParam: request.params.get("tenant") ?? null },
    }));
    const server = await createScenarioServer(core, { customClaims: hook });
    const response = await tokenResponse(server, "grant_type=client_credentials&scope=write&tenant=blue");
    const claims = decodeJwt(((await response.json()) as { access_token: string }).access_token);
    expect(claims).toMatchObject({
      iss: scenarioIssuer,
      client_id: service.clientId,
      scope: "write",
      tenant: "t-service",
      roles: ["role:write"],
      context: { grantType: "client_credentials", subject: service.clientId, audience: scenarioIssuer, tenantParam: "blue" },
    });
    expect(hook).toHaveBeenCalledOnce();
  });

  it("adds nothing when the hook returns undefined", async () => {
    const server = await createScenarioServer(core, { customClaims: () => undefined });
    const claims = decodeJwt(((await (await tokenResponse(server)).json()) as { access_token: string }).access_token);
    expect(Object.keys(claims).sort()).toEqual(["aud", "client_id", "exp", "iat", "iss", "jti", "scope", "sub"]);
  });

  it.each([...protectedClaims])("cannot override %s: server_error, reported to onError, no token", async (claim) => {
    const onError = vi.fn();
    const server = await createScenarioServer(core, { onError, customClaims: () => ({ [claim]: "forged" }) });
    const response = await tokenResponse(server);
    expect(response.status).toBe(500);
    expect(await response.json()).toMatchObject({ error: "server_error" });
    expect(onError).toHaveBeenCalledWith(expect.objectContaining({ message: expect.stringContaining(`the claim ${claim} is set by the server`) }), expect.any(Request));
  });

  it("answers server_error when the hook returns something other than an object, or throws", async () => {
    for (const customClaims of [() => ["x"] as never, () => "x" as never, () => Promise.reject(new Error("down"))]) {
      const onError = vi.fn();
      const server = await createScenarioServer(core, { onError, customClaims });
      expect((await tokenResponse(server)).status).toBe(500);
      expect(onError).toHaveBeenCalledOnce();
    }
  });

  it("is refused at construction when not a function", async () => {
    await expect(createScenarioServer(core, { customClaims: {} as never })).rejects.toThrow(/^customClaims: expected a function/);
  });
});
