import * as core from "../../index.js";
import { decodeJwt, SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import type { AuthorizationServer } from "../create.js";
import { basicAuthorization, generateTestSigningKey } from "../../testing.js";
import { createScenarioServer, issueScenarioToken, scenarioClients, scenarioIssuer } from "@tessera/conformance/tables";

const { service, resourceful, auditor } = scenarioClients;
const serviceBasic = basicAuthorization(service.clientId, service.clientSecret);
const auditorBasic = basicAuthorization(auditor.clientId, auditor.clientSecret);
const form = { "content-type": "application/x-www-form-urlencoded" };

function post(server: AuthorizationServer, path: string, body: string, authorization = serviceBasic): Promise<Response> {
  return server.fetch(new Request(`${scenarioIssuer}${path}`, { method: "POST", headers: { ...form, authorization }, body }));
}

const issue = (server: AuthorizationServer) => issueScenarioToken(server);

async function introspect(server: AuthorizationServer, token: string, authorization = serviceBasic): Promise<Record<string, unknown>> {
  const response = await post(server, "/introspect", `token=${encodeURIComponent(token)}`, authorization);
  expect(response.status).toBe(200);
  expect(response.headers.get("cache-control")).toBe("no-store");
  return (await response.json()) as Record<string, unknown>;
}

describe("the introspection endpoint (RFC 7662)", () => {
  it("describes an active token with exactly the claims it carries (§2.2)", async () => {
    const server = await createScenarioServer(core);
    const token = await issueScenarioToken(server, undefined, { scope: "read write" });
    const claims = decodeJwt(token);
    expect(await introspect(server, token)).toEqual({
      active: true,
      scope: "read write",
      client_id: service.clientId,
      sub: service.clientId,
      aud: scenarioIssuer,
      iss: scenarioIssuer,
      exp: claims.exp,
      iat: claims.iat,
      jti: claims.jti,
      token_type: "Bearer",
    });
  });

  it("gives aud as the token has it: an array for several resources", async () => {
    const server = await createScenarioServer(core);
    const resource = ["https://api.example.com", "https://ledger.example.com/v1"];
    const token = await issueScenarioToken(server, resourceful, { resource });
    expect(await introspect(server, token, auditorBasic)).toMatchObject({
      active: true,
      client_id: resourceful.clientId,
      aud: ["https://api.example.com", "https://ledger.example.com/v1"],
    });
  });

  it("says only active: false for an expired token, one from another issuer, or a forged one", async () => {
    let now = 1_700_000_000_000;
    const key = await generateTestSigningKey();
    const server = await createScenarioServer(core, { now: () => now, accessTokenTtl: 60 }, key);
    const token = await issue(server);
    expect(await introspect(server, token)).toMatchObject({ active: true });
    now += 60_000; // exp is exclusive (RFC 7519 §4.1.4): no clock tolerance on the issuer's own clock
    expect(await introspect(server, token)).toEqual({ active: false });

    const otherIssuer = await createScenarioServer(core, { issuer: "http://localhost:9999" }, key);
    expect(await introspect(server, await issue(otherIssuer))).toEqual({ active: false });

    const forged = await new SignJWT({ client_id: service.clientId, scope: "read", jti: "x" })
      .setProtectedHeader({ alg: "RS256", typ: "at+jwt" })
      .setIssuer(scenarioIssuer)
      .setSubject(service.clientId)
      .setAudience(scenarioIssuer)
      .setIssuedAt(Math.floor(now / 1000))
      .setExpirationTime(Math.floor(now / 1000) + 60)
      .sign((await generateTestSigningKey()).privateKey);
    expect(await introspect(server, forged)).toEqual({ active: false });
  });

  it("says active: false for a token whose claims or header were altered, or whose kid is ours but key is not", async () => {
    const server = await createScenarioServer(core);
    const token = await issue(server);
    const [header, payload, signature] = token.split(".") as [string, string, string];
    const encode = (value: object) => btoa(JSON.stringify(value)).replace(/=+$/, "").replace(/\+/g, "-").replace(/\//g, "_");
    const claims = decodeJwt(token);
    const widened = encode({ ...claims, scope: "read write admin" });
    const { kid } = JSON.parse(atob(header.replace(/-/g, "+").replace(/_/g, "/"))) as { kid: string };
    const stranger = await new SignJWT({ ...claims })
      .setProtectedHeader({ alg: "RS256", typ: "at+jwt", kid })
      .sign((await generateTestSigningKey()).privateKey);
    for (const altered of [
      `${header}.${widened}.${signature}`,
      `${encode({ alg: "ES256", typ: "at+jwt", kid })}.${payload}.${signature}`,
      `${encode({ alg: "RS256", typ: "JWT", kid })}.${payload}.${signature}`,
      `${header}.${payload}.${signature}.extra`,
      `${header}.${payload}`,
      stranger,
    ]) {
      expect(await introspect(server, altered)).toEqual({ active: false });
    }
    expect(await introspect(server, token)).toMatchObject({ active: true });
  });

  it("keeps tokens of a previous key active while the key is published, and not after", async () => {
    const server = await createScenarioServer(core);
    const token = await issue(server);
    const [previous] = await server.keys.list();
    const next = await server.keys.add(await generateTestSigningKey());
    await server.keys.activate(next);
    expect(await introspect(server, token)).toMatchObject({ active: true });
    await server.keys.retire(previous?.kid ?? "");
    expect(await introspect(server, token)).toEqual({ active: false });
  });
});
