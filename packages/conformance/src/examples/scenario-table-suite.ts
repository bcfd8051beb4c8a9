import { describe, expect, it } from "vitest";
import { scenarioClientsMetadataJson, scenarioIssuer } from "../tables/clients.js";
import { scenarioRequestInit, type ScenarioRequest } from "../tables/requests.js";
import { tokenManagementMismatches, tokenManagementScenarios, type TokenManagementScenario } from "../tables/token-management.js";
import type { ExampleCommand } from "./example-command.js";
import type { RunningExample } from "./example-process.js";
import { startedExample } from "./fixtures.js";

/**
 * The core's revocation and introspection scenario table, against an example configured as the
 * table expects: `OAUTH_ISSUER=http://localhost` and the scenario clients. Every example runs it,
 * on every runtime.
 */
export function describeScenarioTable(command: ExampleCommand): void {
  describe("the core's revocation and introspection scenario table (OAUTH_ISSUER=http://localhost, the scenario clients)", () => {
    const example = startedExample(command, () => ({ PORT: "0", OAUTH_ISSUER: scenarioIssuer, OAUTH_CLIENTS: scenarioClientsMetadataJson() }));

    for (const scenario of tokenManagementScenarios) {
      it(scenario.name, () => checkScenario(example(), scenario));
    }
  });
}

async function checkScenario(example: RunningExample, scenario: TokenManagementScenario): Promise<void> {
  const send = (request: ScenarioRequest) => fetch(example.url + request.path, { ...scenarioRequestInit(request), signal: AbortSignal.timeout(10_000) });
  expect(await tokenManagementMismatches(send, scenario)).toEqual([]);
}
