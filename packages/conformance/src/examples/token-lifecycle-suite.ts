import { scenarioClientsMetadataJson } from "../tables/clients.js";
import { scenarioRequestInit } from "../tables/requests.js";
import { tokenManagementMismatches, tokenManagementScenarios } from "../tables/token-management.js";
import { decodeJwt } from "jose";
import * as oauth from "oauth4webapi";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accessToken, discover, insecure, requestToken, service } from "./http.js";
import { startExample, type ExampleCommand, type RunningExample } from "./example-process.js";

/** The resource `GET /whoami` is: `OAUTH_AUDIENCE` in this suite. */
const whoamiAudience = "https://whoami.example.test";
const otherApi = "https://api.example.test";

const partner = { client_id: "partner", client_secret: "partner-s3cret-value", scope: "read" } as const;
const auditor = { client_id: "auditor", client_secret: "auditor-s3cret-value", scope: "read", introspection: true } as const;
const multi = {
  client_id: "multi",
  client_secret: "multi-s3cret-value",
  scope: "read",
  resources: [whoamiAudience, otherApi],
  default_resources: [otherApi],
  access_token_ttl: 120,
} as const;
const retired = { client_id: "retired", client_secret: "retired-s3cret-value", scope: "read", disabled: true } as const;
const clients = [service, partner, auditor, multi, retired];

type Credentials = { readonly client_id: string; readonly client_secret: string };

function whoami(base: string, token: string): Promise<Response> {
  return fetch(`${base}/whoami`, { headers: { authorization: `Bearer ${token}` } });
}

/**
 * Revocation (RFC 7009), introspection (RFC 7662) and resource indicators (RFC 8707) in an
 * example, over real HTTP: with `oauth4webapi`, a revoked token is refused by the example's own
 * `GET /whoami`; the client metadata fields `resources`, `default_resources`,
 * `access_token_ttl`, `introspection` and `disabled` of `OAUTH_CLIENTS` take effect; and the
 * core's revocation and introspection scenario table passes against the example. Part of
 * `describeExample`.
 */
export function describeTokenLifecycle(main: ExampleCommand): void {
  describe("revocation, introspection and resource indicators (OAUTH_CLIENTS with resources, introspection, …)", () => {
    let example: RunningExample;
    let as: oauth.AuthorizationServer;
    beforeAll(async () => {
      example = await startExample(main, { PORT: "0", OAUTH_CLIENTS: JSON.stringify({ clients }), OAUTH_AUDIENCE: whoamiAudience });
      as = await discover(`http://localhost:${example.port}`);
    });
    afterAll(() => example?.stop());

    const asClient = ({ client_id }: Credentials): oauth.Client => ({ client_id });
    async function issue(credentials: Credentials, parameters: Record<string, string> | URLSearchParams = {}): Promise<string> {
      const client = asClient(credentials);
      const auth = oauth.ClientSecretBasic(credentials.client_secret);
      const response = await oauth.clientCredentialsGrantRequest(as, client, auth, parameters, insecure);
      return (await oauth.processClientCredentialsResponse(as, client, response)).access_token;
    }
    async function introspect(caller: Credentials, token: string): Promise<oauth.IntrospectionResponse> {
      const client = asClient(caller);
      const response = await oauth.introspectionRequest(as, client, oauth.ClientSecretPost(caller.client_secret), token, insecure);
      return oauth.processIntrospectionResponse(as, client, response);
    }
    function revoke(caller: Credentials, token: string): Promise<Response> {
      return oauth.revocationRequest(as, asClient(caller), oauth.ClientSecretBasic(caller.client_secret), token, insecure);
    }

    it("advertises both endpoints in its metadata", () => {
      const issuer = `http://localhost:${example.port}`;
      expect(as).toMatchObject({ revocation_endpoint: `${issuer}/revoke`, introspection_endpoint: `${issuer}/introspect` });
    });

    it("revokes a token: introspection then says inactive, and GET /whoami refuses it", async () => {
      const token = await issue(service);
      expect((await whoami(example.url, token)).status).toBe(200);
      expect(await introspect(service, token)).toMatchObject({ active: true, client_id: service.client_id, aud: whoamiAudience, token_type: "Bearer" });

      await expect(oauth.processRevocationResponse(await revoke(service, token))).resolves.toBeUndefined();

      expect(await introspect(service, token)).toEqual({ active: false });
      const refused = await whoami(example.url, token);
      expect(refused.status).toBe(401);
      expect(refused.headers.get("www-authenticate")).toMatch(/error="invalid_token"/);
    });

    it("refuses to revoke another client's token, which keeps working", async () => {
      const token = await issue(partner);
      const refusal = await oauth.processRevocationResponse(await revoke(service, token)).catch((error: unknown) => error);
      expect(refusal).toMatchObject({ error: "invalid_request", status: 400 });
      expect((await whoami(example.url, token)).status).toBe(200);
    });

    it("lets a client introspect only its own tokens, and an introspection: true client any", async () => {
      const token = await issue(partner);
      expect(await introspect(service, token)).toEqual({ active: false });
      expect(await introspect(auditor, token)).toMatchObject({ active: true, client_id: partner.client_id });
    });

    it("sets aud from resource (RFC 8707): one string, several an array; GET /whoami takes only its own", async () => {
      const mine = await issue(multi, { resource: whoamiAudience });
      expect(decodeJwt(mine).aud).toBe(whoamiAudience);
      expect((await whoami(example.url, mine)).status).toBe(200);

      const both = await issue(multi, new URLSearchParams([["resource", whoamiAudience], ["resource", otherApi]]));
      expect(decodeJwt(both).aud).toEqual([whoamiAudience, otherApi]);
      expect((await whoami(example.url, both)).status).toBe(200);

      const elsewhere = await issue(multi, { resource: otherApi });
      expect((await whoami(example.url, elsewhere)).status).toBe(401);
    });

    it("uses default_resources and access_token_ttl when the request names no resource", async () => {
      const response = await requestToken(example.url, { client: multi, method: "client_secret_basic" });
      const { token, body } = await accessToken(response);
      expect(body.expires_in).toBe(120);
      expect(decodeJwt(token)).toMatchObject({ aud: otherApi });
    });

    it("answers a resource the client may not have with 400 invalid_target", async () => {
      const response = await oauth.clientCredentialsGrantRequest(as, asClient(multi), oauth.ClientSecretBasic(multi.client_secret), { resource: "https://evil.example.test" }, insecure);
      const error = await oauth.processClientCredentialsResponse(as, asClient(multi), response).catch((thrown: unknown) => thrown);
      expect(error).toMatchObject({ error: "invalid_target", status: 400 });
    });

    it("refuses a disabled client with its right secret: 401 invalid_client", async () => {
      const response = await requestToken(example.url, { client: retired, method: "client_secret_basic" });
      expect(response.status).toBe(401);
      expect(await response.json()).toMatchObject({ error: "invalid_client" });
    });
  });

  describe("the core's revocation and introspection scenario table (OAUTH_ISSUER=http://localhost, the scenario clients)", () => {
    let example: RunningExample;
    beforeAll(async () => {
      example = await startExample(main, { PORT: "0", OAUTH_ISSUER: "http://localhost", OAUTH_CLIENTS: scenarioClientsMetadataJson() });
    });
    afterAll(() => example?.stop());

    for (const scenario of tokenManagementScenarios) {
      it(scenario.name, async () => {
        const send = (request: Parameters<typeof scenarioRequestInit>[0]) => fetch(example.url + request.path, scenarioRequestInit(request));
        expect(await tokenManagementMismatches(send, scenario)).toEqual([]);
      });
    }
  });
}
