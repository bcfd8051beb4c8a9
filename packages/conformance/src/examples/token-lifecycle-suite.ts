import { decodeJwt } from "jose";
import * as oauth from "oauth4webapi";
import { describe, expect, it } from "vitest";
import { service, type Credentials } from "./clients.js";
import type { ExampleCommand } from "./example-command.js";
import type { RunningExample } from "./example-process.js";
import { fixture, startedExample } from "./fixtures.js";
import { accessToken, discover, insecure, requestToken, whoami } from "./http.js";
import { defaultIssuer } from "./token-checks.js";

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

/** The example, and its metadata as oauth4webapi discovered it. */
interface Server {
  readonly example: RunningExample;
  readonly as: oauth.AuthorizationServer;
}

/**
 * Revocation (RFC 7009), introspection (RFC 7662) and resource indicators (RFC 8707) in an
 * example, over real HTTP: with `oauth4webapi`, a revoked token is refused by the example's own
 * `GET /whoami`; the client metadata fields `resources`, `default_resources`,
 * `access_token_ttl`, `introspection` and `disabled` of `OAUTH_CLIENTS` take effect. Part of
 * `describeExample`.
 */
export function describeTokenLifecycle(command: ExampleCommand): void {
  describe("revocation, introspection and resource indicators (OAUTH_CLIENTS with resources, introspection, …)", () => {
    const example = startedExample(command, () => ({ PORT: "0", OAUTH_CLIENTS: JSON.stringify({ clients }), OAUTH_AUDIENCE: whoamiAudience }));
    const server = fixture(async (): Promise<Server> => ({ example: example(), as: await discover(defaultIssuer(example())) }));

    it("advertises both endpoints in its metadata", () => checkAdvertised(server()));
    it("revokes a token: introspection then says inactive, and GET /whoami refuses it", () => checkRevocation(server()));
    it("answers the revocation of another client's token as an invalid one's, and the token keeps working", () =>
      checkForeignRevocation(server()));
    it("lets a client introspect only its own tokens, and an introspection: true client any", () => checkIntrospectionRights(server()));
    it("sets aud from resource (RFC 8707): one string, several an array; GET /whoami takes only its own", () =>
      checkResourceIndicators(server()));
    it("uses default_resources and access_token_ttl when the request names no resource", () => checkClientDefaults(example()));
    it("answers a resource the client may not have with 400 invalid_target", () => checkInvalidTarget(server()));
    it("refuses a disabled client with its right secret: 401 invalid_client", () => checkDisabledClient(example()));
  });
}

function asClient({ client_id }: Credentials): oauth.Client {
  return { client_id };
}

async function issue({ as }: Server, credentials: Credentials, parameters: Record<string, string> | URLSearchParams = {}): Promise<string> {
  const client = asClient(credentials);
  const auth = oauth.ClientSecretBasic(credentials.client_secret);
  const response = await oauth.clientCredentialsGrantRequest(as, client, auth, parameters, insecure);
  return (await oauth.processClientCredentialsResponse(as, client, response)).access_token;
}

async function introspect({ as }: Server, caller: Credentials, token: string): Promise<oauth.IntrospectionResponse> {
  const client = asClient(caller);
  const response = await oauth.introspectionRequest(as, client, oauth.ClientSecretPost(caller.client_secret), token, insecure);
  return oauth.processIntrospectionResponse(as, client, response);
}

function revoke({ as }: Server, caller: Credentials, token: string): Promise<Response> {
  return oauth.revocationRequest(as, asClient(caller), oauth.ClientSecretBasic(caller.client_secret), token, insecure);
}

function checkAdvertised({ example, as }: Server): void {
  const issuer = defaultIssuer(example);
  expect(as).toMatchObject({ revocation_endpoint: `${issuer}/revoke`, introspection_endpoint: `${issuer}/introspect` });
}

async function checkRevocation(server: Server): Promise<void> {
  const token = await issue(server, service);
  expect((await whoami(server.example.url, `Bearer ${token}`)).status).toBe(200);
  expect(await introspect(server, service, token)).toMatchObject({ active: true, client_id: service.client_id, aud: whoamiAudience, token_type: "Bearer" });

  await expect(oauth.processRevocationResponse(await revoke(server, service, token))).resolves.toBeUndefined();

  expect(await introspect(server, service, token)).toEqual({ active: false });
  const refused = await whoami(server.example.url, `Bearer ${token}`);
  expect(refused.status).toBe(401);
  expect(refused.headers.get("www-authenticate")).toMatch(/error="invalid_token"/);
}

async function checkForeignRevocation(server: Server): Promise<void> {
  const token = await issue(server, partner);
  await expect(oauth.processRevocationResponse(await revoke(server, service, token))).resolves.toBeUndefined();
  expect((await whoami(server.example.url, `Bearer ${token}`)).status).toBe(200);
}

async function checkIntrospectionRights(server: Server): Promise<void> {
  const token = await issue(server, partner);
  expect(await introspect(server, service, token)).toEqual({ active: false });
  expect(await introspect(server, auditor, token)).toMatchObject({ active: true, client_id: partner.client_id });
}

async function checkResourceIndicators(server: Server): Promise<void> {
  const url = server.example.url;
  const mine = await issue(server, multi, { resource: whoamiAudience });
  expect(decodeJwt(mine).aud).toBe(whoamiAudience);
  expect((await whoami(url, `Bearer ${mine}`)).status).toBe(200);

  const both = await issue(server, multi, new URLSearchParams([["resource", whoamiAudience], ["resource", otherApi]]));
  expect(decodeJwt(both).aud).toEqual([whoamiAudience, otherApi]);
  expect((await whoami(url, `Bearer ${both}`)).status).toBe(200);

  const elsewhere = await issue(server, multi, { resource: otherApi });
  expect((await whoami(url, `Bearer ${elsewhere}`)).status).toBe(401);
}

async function checkClientDefaults(example: RunningExample): Promise<void> {
  const { token, body } = await accessToken(await requestToken(example.url, { client: multi, method: "client_secret_basic" }));
  expect(body.expires_in).toBe(120);
  expect(decodeJwt(token)).toMatchObject({ aud: otherApi });
}

async function checkInvalidTarget({ as }: Server): Promise<void> {
  const auth = oauth.ClientSecretBasic(multi.client_secret);
  const response = await oauth.clientCredentialsGrantRequest(as, asClient(multi), auth, { resource: "https://evil.example.test" }, insecure);
  const error = await oauth.processClientCredentialsResponse(as, asClient(multi), response).catch((thrown: unknown) => thrown);
  expect(error).toMatchObject({ error: "invalid_target", status: 400 });
}

async function checkDisabledClient(example: RunningExample): Promise<void> {
  const response = await requestToken(example.url, { client: retired, method: "client_secret_basic" });
  expect(response.status).toBe(401);
  expect(await response.json()).toMatchObject({ error: "invalid_client" });
}
