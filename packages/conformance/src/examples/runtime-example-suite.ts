import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { generateSigningKey } from "@tessera/core";
import { afterAll, describe, it } from "vitest";
import { killAll } from "../process.js";
import { clientsJson, service } from "./clients.js";
import { describeDatabaseExample } from "./database-suite.js";
import { describeRuntimeDemoClient } from "./demo-client-suite.js";
import { checkDpopWhoami } from "./dpop-checks.js";
import { exampleCommand, type ExampleCommand } from "./example-command.js";
import type { ExampleEnv } from "./example-process.js";
import { exampleTimeout, fixture, startedExample, temporaryDirectory } from "./fixtures.js";
import { describeRuntimeInvalidConfiguration } from "./invalid-configuration-suite.js";
import { pemLines } from "./output.js";
import { checkPortInUse, checkQuietStart, checkStopsOn } from "./process-checks.js";
import {
  checkPreviousKeyAccepted,
  checkPublishedKeys,
  checkRevokedRefused,
  checkVerifiedToken,
  checkWhoami,
  checkWhoamiRefusals,
  runtimeAudience,
  type RuntimeKeys,
} from "./runtime-checks.js";
import { describeScenarioTable } from "./scenario-table-suite.js";
import { checkMetadata, checkTokenForPost, checkWrongSecret } from "./token-checks.js";

/** Options of {@link describeRuntimeExample}. */
export interface RuntimeExampleOptions {
  /**
   * Where the example keeps its state when `OAUTH_DATABASE_URL` is not set: in memory, or in a
   * database its runtime binds (the Worker's D1), which serves its own clients and no demo client.
   * @defaultValue "memory"
   */
  readonly storage?: "memory" | "database" | undefined;
}

/**
 * The smoke test of an example on another runtime, over real HTTP: it is started as its
 * `pnpm start` script starts it (after the build), configured by environment variables only, and
 * checked for the metadata, the JWKS (with a previous key), a token for client_secret_basic
 * verified against that JWKS and one for client_secret_post, an error, the demo protected resource
 * `GET /whoami`, revocation through `/revoke` refused there at once, the core's revocation and
 * introspection scenario table, the demo client and its warnings (or, with a database the runtime
 * binds, no demo client), the state in PostgreSQL with `OAUTH_DATABASE_URL` (but with such a
 * database), invalid configuration (exit 1,
 * one line naming the variable), a port in use, and a clean exit on SIGTERM. Call it once from the
 * example's `main.test.ts`, with the example's directory.
 */
export function describeRuntimeExample(name: string, directory: URL, options: RuntimeExampleOptions = {}): void {
  const command = exampleCommand(directory);
  describe(`${name}, started as its pnpm start script does`, () => {
    afterAll(killAll);
    describeConfiguredRuntime(command);
    describeScenarioTable(command);
    describeRuntimeDemoClient(command, options.storage ?? "memory");
    describeRuntimeInvalidConfiguration(command);
    // An example whose runtime binds its database takes no OAUTH_DATABASE_URL.
    if (options.storage !== "database") describeDatabaseExample(command);
  });
}

function describeConfiguredRuntime(command: ExampleCommand): void {
  describe("configured by OAUTH_CLIENTS, OAUTH_PRIVATE_KEY_FILE, OAUTH_PREVIOUS_PRIVATE_KEYS, OAUTH_AUDIENCE and OAUTH_ACCESS_TOKEN_TTL", () => {
    const directory = temporaryDirectory();
    const keys = fixture(async (): Promise<RuntimeKeys> => ({ key: await generateSigningKey("ES256"), previous: await generateSigningKey("EdDSA") }));
    const example = startedExample(command, () => runtimeEnvironment(directory(), keys()));

    it("prints the listening line and nothing else: no warning, no secret", () =>
      checkQuietStart(example(), [service.client_secret, ...pemLines(keys().key.privateKeyPem), ...pemLines(keys().previous.privateKeyPem)]));
    it("serves RFC 8414 metadata for the default issuer http://localhost:PORT", () => checkMetadata(example()));
    it("publishes the key from the file in its JWKS, and the previous key after it", () => checkPublishedKeys(example(), keys()));
    it("issues a token to client_secret_basic that verifies against its JWKS", () => checkVerifiedToken(example(), keys()));
    it("issues a token to client_secret_post, with the client's scopes by default", () => checkTokenForPost(example()));
    it("answers a wrong secret with 401 invalid_client and a Basic challenge", () => checkWrongSecret(example()));
    it("answers GET /whoami with what its own token says of the caller", () => checkWhoami(example(), keys()));
    it("accepts at GET /whoami a token signed by the previous key", () => checkPreviousKeyAccepted(example(), keys()));
    it("binds a token to a DPoP key, accepts it at GET /whoami with its proof, refuses it as a Bearer token (RFC 9449)", () =>
      checkDpopWhoami(example().url));
    it("answers GET /whoami without a token with a bare Bearer challenge, and a bad one with invalid_token", () =>
      checkWhoamiRefusals(example()));
    it("revokes a token at /revoke (RFC 7009), after which GET /whoami refuses it and /introspect says inactive", () =>
      checkRevokedRefused(example()));
    it("refuses a PORT in use with one line naming it", () =>
      checkPortInUse(command, { OAUTH_CLIENTS: clientsJson, OAUTH_PRIVATE_KEY: keys().key.privateKeyPem }, example()), exampleTimeout);
    it("stops on SIGTERM: exit code 0, port released", () => checkStopsOn(example(), "SIGTERM"), exampleTimeout);
  });
}

/** Writes the signing key into `directory`; the environment of {@link describeConfiguredRuntime}. */
async function runtimeEnvironment(directory: string, { key, previous }: RuntimeKeys): Promise<ExampleEnv> {
  const keyFile = join(directory, "key.pem");
  await writeFile(keyFile, key.privateKeyPem, { mode: 0o600 });
  return {
    PORT: "0",
    OAUTH_CLIENTS: clientsJson,
    OAUTH_PRIVATE_KEY_FILE: keyFile,
    OAUTH_PREVIOUS_PRIVATE_KEYS: previous.privateKeyPem,
    OAUTH_AUDIENCE: runtimeAudience,
    OAUTH_ACCESS_TOKEN_TTL: "600",
  };
}
