import * as core from "../index.js";
import { beforeAll, describe, expect, it } from "vitest";
import type { AuthorizationServer } from "./create.js";
import { basicAuthorization, generateTestSigningKey } from "../testing.js";
import { createScenarioServer, scenarioClients, scenarioIssuer } from "@tessera/conformance/tables";

const { service } = scenarioClients;
const authorization = basicAuthorization(service.clientId, service.clientSecret);

function post(body: string, headers: Record<string, string> = {}): Request {
  return new Request(`${scenarioIssuer}/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", authorization, ...headers },
    body,
  });
}

/** The service's Basic credentials, `length` characters long: RFC 7235 allows spaces after the scheme. */
function padded(length: number): string {
  return authorization.replace("Basic ", `Basic ${" ".repeat(length - authorization.length)}`);
}

async function answer(server: AuthorizationServer, request: Request) {
  const response = await server.respondToTokenRequest(request);
  const body = (await response.json()) as { error?: string; error_description?: string };
  return { status: response.status, error: body.error, description: body.error_description };
}

let keyPair: CryptoKeyPair;
let server: AuthorizationServer;
beforeAll(async () => {
  keyPair = await generateTestSigningKey();
  server = await createScenarioServer(core, { limits: { maxParameters: 4, maxScopeLength: 20, maxAuthorizationLength: 100 } }, keyPair);
});

describe("token request limits", () => {
  it("parameter count: up to maxParameters passes, one more is 400 invalid_request", async () => {
    expect((await answer(server, post("grant_type=client_credentials&a=1&b=2&c=3"))).status).toBe(200);
    expect(await answer(server, post("grant_type=client_credentials&a=1&b=2&c=3&d=4"))).toEqual({
      status: 400,
      error: "invalid_request",
      description: "The request has too many parameters.",
    });
    // Empty pairs (`&&&`) are not parameters; a flood of names is refused before it is decoded.
    expect((await answer(server, post("&&&grant_type=client_credentials&&&"))).status).toBe(200);
    expect((await answer(server, post(`grant_type=client_credentials${"&x%ZZ".repeat(2000)}`))).error).toBe("invalid_request");
  });

  it("scope length: maxScopeLength passes, one more is 400 invalid_scope", async () => {
    expect((await answer(server, post("grant_type=client_credentials&scope=read+write+read+read"))).status).toBe(200); // 20
    expect(await answer(server, post("grant_type=client_credentials&scope=read+write+read+write"))).toEqual({
      status: 400,
      error: "invalid_scope",
      description: "The scope parameter is too long.",
    });
  });

  it("Authorization length: maxAuthorizationLength passes, one more is 400 invalid_request", async () => {
    expect((await answer(server, post("grant_type=client_credentials", { authorization: padded(100) }))).status).toBe(200);
    expect(await answer(server, post("grant_type=client_credentials", { authorization: padded(101) }))).toEqual({
      status: 400,
      error: "invalid_request",
      description: "The Authorization header is too long.",
    });
  });

  it("has defaults: 32 parameters, 1024 characters of scope, 4096 of Authorization", async () => {
    const defaults = await createScenarioServer(core, {}, keyPair);
    const params = (n: number) => ["grant_type=client_credentials", ...Array.from({ length: n - 1 }, (_, i) => `p${i}=1`)].join("&");
    expect((await answer(defaults, post(params(32)))).status).toBe(200);
    expect((await answer(defaults, post(params(33)))).description).toBe("The request has too many parameters.");
    expect((await answer(defaults, post(`grant_type=client_credentials&scope=${"read+".repeat(204)}read`))).status).toBe(200); // 1024
    expect((await answer(defaults, post(`grant_type=client_credentials&scope=${"read+".repeat(205)}read`))).error).toBe("invalid_scope");
    expect((await answer(defaults, post("grant_type=client_credentials", { authorization: padded(4096) }))).status).toBe(200);
    expect((await answer(defaults, post("grant_type=client_credentials", { authorization: padded(4097) }))).description).toBe(
      "The Authorization header is too long.",
    );
  });

  it.each([
    [{ limits: { maxParameters: 0 } }, /^limits.maxParameters: /],
    [{ limits: { maxScopeLength: 1.5 } }, /^limits.maxScopeLength: /],
    [{ limits: { maxAuthorizationLength: "4096" as never } }, /^limits.maxAuthorizationLength: /],
    [{ limits: { maxBodyBytes: -1 } }, /^limits.maxBodyBytes: /],
    [{ limits: { timeout: 0 } }, /^limits.timeout: /],
    [{ limits: { timeout: Number.NaN } }, /^limits.timeout: /],
  ])("refuses %o at construction", async (overrides, message) => {
    await expect(createScenarioServer(core, overrides, keyPair)).rejects.toThrow(message);
  });
});
