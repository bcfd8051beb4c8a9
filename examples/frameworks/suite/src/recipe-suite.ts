import { basicAuthorization } from "@tessera/core/testing";
import {
  dpopProtectedResourceMismatches,
  dpopProtectedResourceScenarios,
  protectedResourceMismatches,
  protectedResourcePaths,
  protectedResourceRequest,
  protectedResourceScenarios,
  scenarioClients,
  scenarioIssuer,
  scenarioRequestInit,
  type ScenarioRequest,
  type ScenarioTokens,
} from "@tessera/conformance/tables";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/** A recipe's app, listening, with the tokens of the fixture it was started with. */
export interface RecipeServer {
  /** `http://127.0.0.1:<port>` */
  readonly origin: string;
  readonly tokens: ScenarioTokens;
  close(): Promise<void>;
}

const { service } = scenarioClients;
const form = { "content-type": "application/x-www-form-urlencoded" };

/**
 * The checks every framework recipe passes over real HTTP. `start` starts the recipe's app with
 * the protected resource fixture (`startRecipeFixture`, or its equivalent in another runtime) on
 * an ephemeral port: its endpoints at the server's default paths and the fixture's routes
 * `GET /api/read` (scope `read`) and `GET /api/admin` (scope `admin`), each answering
 * `{"client_id", "scope"}`.
 *
 * Checked: the metadata and the JWKS (with its ETag), a token issued with either client
 * authentication method and accepted by the protected route, a refused token request and a
 * body the framework must not have parsed, each answered as Tessera answers it, revocation and
 * introspection, and every row of the protected resource scenario table (200, 401 with the
 * RFC 6750 challenge, 403 `insufficient_scope`, …), which requires the exact error response, and
 * every row of the DPoP table (RFC 9449 §7), which requires the recipe to hand the resource
 * server the request's method, its URL as the client sent it, and its `DPoP` line.
 * `more` declares a recipe's own tests on the same running app.
 */
export function describeRecipe(name: string, start: () => Promise<RecipeServer>, more?: (app: () => RecipeServer) => void): void {
  describe(`${name}: the recipe over HTTP`, () => {
    let app: RecipeServer;
    beforeAll(async () => {
      app = await start();
    }, 60_000);
    afterAll(() => app?.close());

    const current = () => app;
    documentChecks(current);
    tokenChecks(current);
    scenarioTable(current);
    dpopTable(current);
    more?.(current);
  });
}

const basic = () => basicAuthorization(service.clientId, service.clientSecret);

function token(origin: string, body: string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${origin}/token`, { method: "POST", headers: { ...form, ...headers }, body });
}

async function issue(origin: string): Promise<string> {
  const response = await token(origin, "grant_type=client_credentials&scope=read", { authorization: basic() });
  expect(response.status).toBe(200);
  return ((await response.json()) as { access_token: string }).access_token;
}

function read(origin: string, accessToken: string): Promise<Response> {
  return fetch(origin + protectedResourcePaths.read, { headers: { authorization: `Bearer ${accessToken}` } });
}

function post(origin: string, path: string, body: string): Promise<Response> {
  return fetch(origin + path, { method: "POST", headers: { ...form, authorization: basic() }, body });
}

function documentChecks(app: () => RecipeServer): void {
  it("serves the metadata document", async () => {
    const response = await fetch(`${app().origin}/.well-known/oauth-authorization-server`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    expect(await response.json()).toMatchObject({ issuer: scenarioIssuer, token_endpoint: `${scenarioIssuer}/token` });
  });

  it("serves the JWKS, and answers its ETag with 304", async () => {
    const response = await fetch(`${app().origin}/.well-known/jwks.json`);
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toMatch(/^public, max-age=\d+$/);
    const { keys } = (await response.json()) as { keys: { kid: string }[] };
    expect(keys.length).toBeGreaterThan(0);
    const etag = response.headers.get("etag") ?? "";
    expect((await fetch(`${app().origin}/.well-known/jwks.json`, { headers: { "if-none-match": etag } })).status).toBe(304);
  });
}

function tokenChecks(app: () => RecipeServer): void {
  it("issues a token (client_secret_basic) that the protected route accepts", async () => {
    const response = await read(app().origin, await issue(app().origin));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ client_id: "service", scope: "read" });
  });

  it("issues a token (client_secret_post) with no-store caching", async () => {
    const response = await token(app().origin, `grant_type=client_credentials&client_id=${service.clientId}&client_secret=${service.clientSecret}`);
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(await response.json()).toMatchObject({ token_type: "Bearer", scope: "read" });
  });

  it("answers a wrong client secret exactly as Tessera renders it", async () => {
    const response = await token(app().origin, "grant_type=client_credentials", { authorization: basicAuthorization(service.clientId, "wrong") });
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toMatch(/^Basic realm="/);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(response.headers.get("pragma")).toBe("no-cache");
    expect(response.headers.get("content-type")).toBe("application/json");
    const body = (await response.json()) as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual(["error", "error_description"]);
    expect(body.error).toBe("invalid_client");
  });

  it("leaves the token endpoint's body to Tessera, whatever the app parses for its own routes", async () => {
    // A JSON body is Tessera's to refuse (400), not a framework parser's to consume.
    const response = await token(app().origin, JSON.stringify({ grant_type: "client_credentials" }), {
      "content-type": "application/json",
      authorization: basic(),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: "invalid_request" });
  });

  it("revokes a token at /revoke, and the protected route refuses it from then on", async () => {
    const { origin } = app();
    const accessToken = await issue(origin);
    expect(await (await post(origin, "/introspect", `token=${accessToken}`)).json()).toMatchObject({ active: true, client_id: "service" });
    expect((await post(origin, "/revoke", `token=${accessToken}`)).status).toBe(200);
    expect(await (await post(origin, "/introspect", `token=${accessToken}`)).json()).toEqual({ active: false });
    const refused = await read(origin, accessToken);
    expect(refused.status).toBe(401);
    expect(refused.headers.get("www-authenticate")).toMatch(/error="invalid_token"/);
  });
}

function scenarioTable(app: () => RecipeServer): void {
  describe("the protected resource scenario table", () => {
    // The fixture revoked this token in its own repository; revoking it at the recipe's endpoint
    // too makes it revoked for a recipe in another process (Bun, Next.js) as well.
    beforeAll(async () => {
      expect((await post(app().origin, "/revoke", `token=${app().tokens.revoked}`)).status).toBe(200);
    });
    for (const scenario of protectedResourceScenarios) {
      it(scenario.name, async () => {
        const request = protectedResourceRequest(scenario.request, app().tokens);
        const response = await fetch(app().origin + request.path, scenarioRequestInit(request));
        expect(await protectedResourceMismatches(response, scenario.expect)).toEqual([]);
      });
    }
  });
}

function dpopTable(app: () => RecipeServer): void {
  describe("the DPoP protected resource table", () => {
    for (const scenario of dpopProtectedResourceScenarios) {
      it(scenario.name, async () => {
        const { origin, tokens } = app();
        const send = (request: ScenarioRequest) => fetch(origin + request.path, scenarioRequestInit(request));
        expect(await dpopProtectedResourceMismatches(send, { origin, tokens }, scenario)).toEqual([]);
      });
    }
  });
}
