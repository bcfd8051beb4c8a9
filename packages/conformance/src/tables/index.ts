/**
 * `@tessera/conformance/tables`: the scenario tables every surface (the core, the Hono and Node
 * adapters, every runtime, the examples) answers alike, their fixture and their comparators.
 * The tables import only types of `@tessera/core`; the core under test is injected.
 *
 * @packageDocumentation
 */
export { scenarioClients, scenarioClientsMetadataJson, scenarioIssuer, scenarioScopes } from "./clients.js";
export { scenarioMismatches, type ScenarioExpectation } from "./compare.js";
export {
  protectedResourceAudience,
  protectedResourceMismatches,
  protectedResourcePaths,
  protectedResourceRequest,
  protectedResourceScenarios,
  type ProtectedResourceExpectation,
  type ProtectedResourceScenario,
  type ScenarioTokens,
} from "./protected-resource.js";
export {
  createProtectedResourceFixture,
  type ProtectedResourceFixture,
} from "./protected-resource-fixture.js";
export { scenarioRequest, scenarioRequestInit, type ScenarioRequest } from "./requests.js";
export {
  dpopProtectedResourceMismatches,
  dpopProtectedResourceScenarios,
  type DpopProtectedResourceScenario,
  type DpopScenarioContext,
} from "./dpop-protected-resource.js";
export {
  createScenarioServer,
  issueScenarioToken,
  type ScenarioClient,
  type ScenarioLibrary,
} from "./scenario-server.js";
export { tokenEndpointScenarios, type TokenEndpointScenario } from "./token-endpoint.js";
export { keyBoundTokenMismatches, keyBoundTokenScenarios, type KeyBoundTokenScenario } from "./key-bound-token.js";
export { publicTestJwk, testKeys, type TestKeyName } from "./test-keys.js";
export {
  jwtBearer,
  signTestAssertion,
  signTestProof,
  testKeyThumbprint,
  type TestAssertion,
  type TestProof,
} from "./test-signers.js";
export {
  tokenManagementMismatches,
  tokenManagementScenarios,
  type ScenarioTokenSet,
  type TokenManagementExpectation,
  type TokenManagementScenario,
} from "./token-management.js";
