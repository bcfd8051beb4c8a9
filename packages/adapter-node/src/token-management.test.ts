import * as tessera from "@tessera/core";
import * as oauth from "oauth4webapi";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createResourceServer, MemoryStore, type AuthorizationServer, type ResourceServer } from "@tessera/core";
import { createScenarioServer, scenarioClients, scenarioRequestInit, tokenManagementMismatches, tokenManagementScenarios } from "@tessera/conformance/tables";
import { listen, type Listening } from "./wire.test.helpers.js";

const { service, basicOnly, auditor } = scenarioClients;
/** http is allowed on loopback only, and oauth4webapi insists on being told so explicitly. */
const insecure = { [oauth.allowInsecureRequests]: true } as const;

let core: AuthorizationServer;
let resourceServer: ResourceServer;
let http: Listening;
let as: oauth.AuthorizationServer;

beforeAll(async () => {
  // The issuer stays http://localhost: the scenario table expects `realm="http://localhost"`.
  const revocations = new MemoryStore();
  core = await createScenarioServer(tessera, { issuer: "http://localhost", revocations });
  await core.ready;
  resourceServer = createResourceServer({ issuer: core.issuer, audience: core.issuer, keys: core.keys, revocations });
  http = await listen(core.fetch);
  // The metadata names http://localhost; the endpoints are reached on the listening port.
  const metadata = (await (await fetch(`${http.origin}/.well-known/oauth-authorization-server`)).json()) as oauth.AuthorizationServer;
  const onPort = (url: string | undefined) => (url === undefined ? undefined : url.replace("http://localhost", http.origin));
  as = {
    ...metadata,
    token_endpoint: onPort(metadata.token_endpoint),
    revocation_endpoint: onPort(metadata.revocation_endpoint),
    introspection_endpoint: onPort(metadata.introspection_endpoint),
  } as oauth.AuthorizationServer;
});

afterAll(async () => {
  await http.close();
});

describe("the revocation and introspection scenario table over HTTP through @tessera/node", () => {
  for (const scenario of tokenManagementScenarios) {
    it(scenario.name, async () => {
      const send = (request: Parameters<typeof scenarioRequestInit>[0]) => fetch(http.origin + request.path, scenarioRequestInit(request));
      expect(await tokenManagementMismatches(send, scenario)).toEqual([]);
    });
  }
});

describe("with oauth4webapi, a standards-strict client, over HTTP", () => {
  const serviceClient: oauth.Client = { client_id: service.clientId };
  const otherClient: oauth.Client = { client_id: basicOnly.clientId };
  const serviceAuth = oauth.ClientSecretBasic(service.clientSecret);

  async function issue(client: oauth.Client, auth: oauth.ClientAuth, parameters: Record<string, string> = {}): Promise<string> {
    const response = await oauth.clientCredentialsGrantRequest(as, client, auth, new URLSearchParams(parameters), insecure);
    return (await oauth.processClientCredentialsResponse(as, client, response)).access_token;
  }

  it("finds both endpoints in the RFC 8414 metadata", () => {
    expect(as).toMatchObject({
      revocation_endpoint: `${http.origin}/revoke`,
      introspection_endpoint: `${http.origin}/introspect`,
      revocation_endpoint_auth_methods_supported: ["client_secret_basic", "client_secret_post", "private_key_jwt"],
      introspection_endpoint_auth_methods_supported: ["client_secret_basic", "client_secret_post", "private_key_jwt"],
    });
  });

  for (const [method, auth] of [
    ["client_secret_basic", oauth.ClientSecretBasic(service.clientSecret)],
    ["client_secret_post", oauth.ClientSecretPost(service.clientSecret)],
  ] as const) {
    it(`introspects, revokes and introspects again with ${method}; the resource server then refuses the token`, async () => {
      const token = await issue(serviceClient, auth, { scope: "read write" });
      const before = await oauth.processIntrospectionResponse(as, serviceClient, await oauth.introspectionRequest(as, serviceClient, auth, token, insecure));
      expect(before).toMatchObject({ active: true, client_id: service.clientId, sub: service.clientId, scope: "read write", iss: "http://localhost", aud: "http://localhost", token_type: "Bearer" });
      await expect(resourceServer.verifyToken(token)).resolves.toMatchObject({ clientId: service.clientId });

      await expect(oauth.processRevocationResponse(await oauth.revocationRequest(as, serviceClient, auth, token, insecure))).resolves.toBeUndefined();

      const after = await oauth.processIntrospectionResponse(as, serviceClient, await oauth.introspectionRequest(as, serviceClient, auth, token, insecure));
      expect(after).toEqual({ active: false });
      await expect(resourceServer.verifyToken(token)).rejects.toMatchObject({ code: "invalid_token" });
    });
  }

  it("revokes an invalid token without error (RFC 7009 §2.2)", async () => {
    const response = await oauth.revocationRequest(as, serviceClient, serviceAuth, "not-a-token", insecure);
    await expect(oauth.processRevocationResponse(response)).resolves.toBeUndefined();
  });

  it("answers another client's token as an invalid one, without revoking it: no validity oracle", async () => {
    const othersToken = await issue(otherClient, oauth.ClientSecretBasic(basicOnly.clientSecret));
    const response = await oauth.revocationRequest(as, serviceClient, serviceAuth, othersToken, insecure);
    await expect(oauth.processRevocationResponse(response)).resolves.toBeUndefined();
    await expect(resourceServer.verifyToken(othersToken)).resolves.toMatchObject({ clientId: basicOnly.clientId });
  });

  it("tells a client active: false for another client's token, and an introspection client the truth", async () => {
    const othersToken = await issue(otherClient, oauth.ClientSecretBasic(basicOnly.clientSecret));
    const asService = await oauth.introspectionRequest(as, serviceClient, serviceAuth, othersToken, insecure);
    expect(await oauth.processIntrospectionResponse(as, serviceClient, asService)).toEqual({ active: false });
    const auditorClient: oauth.Client = { client_id: auditor.clientId };
    const asAuditor = await oauth.introspectionRequest(as, auditorClient, oauth.ClientSecretPost(auditor.clientSecret), othersToken, insecure);
    expect(await oauth.processIntrospectionResponse(as, auditorClient, asAuditor)).toMatchObject({ active: true, client_id: basicOnly.clientId });
  });

  it("answers a wrong secret with invalid_client and a Basic challenge", async () => {
    const response = await oauth.introspectionRequest(as, serviceClient, oauth.ClientSecretBasic("wrong"), "x", insecure);
    const refusal = await oauth.processIntrospectionResponse(as, serviceClient, response).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(oauth.WWWAuthenticateChallengeError);
    expect(refusal).toMatchObject({ status: 401 });
  });

  it("gets a token for several resources (RFC 8707), with aud the array of them", async () => {
    const { resourceful } = scenarioClients;
    const client: oauth.Client = { client_id: resourceful.clientId };
    const auth = oauth.ClientSecretPost(resourceful.clientSecret);
    const parameters = new URLSearchParams([
      ["resource", "https://api.example.com"],
      ["resource", "https://ledger.example.com/v1"],
    ]);
    const response = await oauth.clientCredentialsGrantRequest(as, client, auth, parameters, insecure);
    const { access_token } = await oauth.processClientCredentialsResponse(as, client, response);
    const introspected = await oauth.processIntrospectionResponse(as, client, await oauth.introspectionRequest(as, client, auth, access_token, insecure));
    expect(introspected.aud).toEqual(["https://api.example.com", "https://ledger.example.com/v1"]);

    const refused = await oauth.clientCredentialsGrantRequest(as, client, auth, { resource: "https://evil.example" }, insecure);
    const error = await oauth.processClientCredentialsResponse(as, client, refused).catch((thrown: unknown) => thrown);
    expect(error).toMatchObject({ error: "invalid_target", status: 400 });
  });
});
