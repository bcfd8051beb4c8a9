import { afterAll, describe } from "vitest";
import { killAll } from "../process.js";
import { describeConfigurationFiles } from "./configuration-files-suite.js";
import { describeConfiguredClients } from "./configured-clients-suite.js";
import { describeDatabaseExample } from "./database-suite.js";
import { describeDemoClient } from "./demo-client-suite.js";
import { exampleCommand } from "./example-command.js";
import { describeInvalidConfiguration } from "./invalid-configuration-suite.js";
import { describeProtectedResource } from "./protected-resource-suite.js";
import { describeScenarioTable } from "./scenario-table-suite.js";
import { describeSigningKeys } from "./signing-keys-suite.js";
import { describeTokenLifecycle } from "./token-lifecycle-suite.js";

/**
 * The behaviour every example shows to a user, as tests: the example in `directory` is started as
 * its `pnpm start` script starts it, with a controlled environment, and everything is checked over
 * real HTTP — metadata, JWKS, tokens with both client authentication methods, errors, the demo
 * client, key and client files, ES256 and EdDSA keys, previous keys that keep their tokens
 * verifying, the `oauth4webapi` client end to end, the demo protected resource `GET /whoami`,
 * revocation, introspection and resource indicators (RFC 7009, 7662, 8707), the core's
 * revocation and introspection scenario table, invalid configuration, shutdown on a signal, and
 * the state in PostgreSQL with `OAUTH_DATABASE_URL`.
 * Call it once from the example's `main.test.ts`, with the example's directory.
 */
export function describeExample(name: string, directory: URL): void {
  const command = exampleCommand(directory);
  describe(`${name}, started as ${command.script}`, () => {
    afterAll(killAll);
    describeConfiguredClients(command);
    describeDemoClient(command);
    describeConfigurationFiles(command);
    describeSigningKeys(command);
    describeProtectedResource(command);
    describeTokenLifecycle(command);
    describeScenarioTable(command);
    describeInvalidConfiguration(command);
    describeDatabaseExample(command);
  });
}
