import { scenarioIssuer } from "../tables/clients.js";
import { scenarioMismatches } from "../tables/compare.js";
import { protectedResourceMismatches, protectedResourcePaths, protectedResourceRequest, protectedResourceScenarios } from "../tables/protected-resource.js";
import { createProtectedResourceFixture, type ProtectedResourceFixture } from "../tables/protected-resource-fixture.js";
import { scenarioRequest } from "../tables/requests.js";
import { dpopProtectedResourceMismatches, dpopProtectedResourceScenarios } from "../tables/dpop-protected-resource.js";
import { keyBoundTokenMismatches, keyBoundTokenScenarios } from "../tables/key-bound-token.js";
import { tokenEndpointScenarios } from "../tables/token-endpoint.js";
import { tokenManagementMismatches, tokenManagementScenarios } from "../tables/token-management.js";
import type { ConformanceCheck, SuiteContext } from "./context.js";

/**
 * Every row of the token endpoint, key-bound token endpoint (private_key_jwt, DPoP), revocation
 * and introspection tables, through `server.fetch`.
 */
export function authorizationServerTableChecks(context: SuiteContext): ConformanceCheck[] {
  const send = async (request: Parameters<typeof scenarioRequest>[1]) =>
    (await context.sharedServer()).fetch(scenarioRequest(scenarioIssuer, request));
  return [
    ...tokenEndpointScenarios.map((scenario) => ({
      name: `token endpoint: ${scenario.name}`,
      run: async () => scenarioMismatches(await send(scenario.request), scenario.expect),
    })),
    ...keyBoundTokenScenarios.map((scenario) => ({
      name: `token endpoint with keys: ${scenario.name}`,
      run: () => keyBoundTokenMismatches(send, scenario),
    })),
    ...tokenManagementScenarios.map((scenario) => ({
      name: `revocation and introspection: ${scenario.name}`,
      run: () => tokenManagementMismatches(send, scenario),
    })),
  ];
}

/**
 * Every row of the protected resource table and of the DPoP protected resource table, through the
 * core's `authorize` and `toResponse`, as every surface mounts them.
 */
export function resourceServerTableChecks({ core }: SuiteContext): ConformanceCheck[] {
  type Shared = { fixture: ProtectedResourceFixture; resourceServer: ReturnType<typeof core.createResourceServer> };
  let shared: Promise<Shared> | undefined;
  const sharedResource = () =>
    (shared ??= createProtectedResourceFixture(core).then((fixture) => ({
      fixture,
      resourceServer: core.createResourceServer(fixture.resourceServerOptions),
    })));

  const respond = async (resourceServer: Shared["resourceServer"], request: Request): Promise<Response> => {
    const scopes = new URL(request.url).pathname === protectedResourcePaths.admin ? ["admin"] : ["read"];
    try {
      const principal = await resourceServer.authorize(request, scopes);
      return Response.json({ client_id: principal.clientId, scope: principal.scopes.join(" ") });
    } catch (error) {
      if (!(error instanceof core.OAuthError)) throw error;
      return error.toResponse();
    }
  };

  return [
    ...protectedResourceScenarios.map((scenario) => ({
      name: `protected resource: ${scenario.name}`,
      async run() {
        const { fixture, resourceServer } = await sharedResource();
        const request = scenarioRequest(scenarioIssuer, protectedResourceRequest(scenario.request, fixture.tokens));
        return protectedResourceMismatches(await respond(resourceServer, request), scenario.expect);
      },
    })),
    ...dpopProtectedResourceScenarios.map((scenario) => ({
      name: `protected resource with DPoP: ${scenario.name}`,
      async run() {
        const { fixture, resourceServer } = await sharedResource();
        const send = (request: Parameters<typeof scenarioRequest>[1]) => respond(resourceServer, scenarioRequest(scenarioIssuer, request));
        return dpopProtectedResourceMismatches(send, { origin: scenarioIssuer, tokens: fixture.tokens }, scenario);
      },
    })),
  ];
}
