import { describe, it } from "vitest";
import type { ExampleCommand } from "./example-command.js";
import { exampleTimeout, startedExample } from "./fixtures.js";
import { checkDemoWarnings, checkKeyWarningOnly, checkStopsPromptly } from "./process-checks.js";
import { checkDemoClientRefused, checkDemoClientToken } from "./token-checks.js";

/**
 * An example with no `OAUTH_CLIENTS`: it warns, serves the demo client, and closes cleanly on
 * SIGTERM. Part of `describeExample`.
 */
export function describeDemoClient(command: ExampleCommand): void {
  describe("with no OAUTH_CLIENTS: the demo client", () => {
    const example = startedExample(command, () => ({ PORT: "0" }));

    it("warns about the demo client and the generated key, one line each, without printing the secret", () => checkDemoWarnings(example()));
    it("issues a token to demo-client with its documented secret", () => checkDemoClientToken(example()));
    it("closes at once on SIGTERM with an idle keep-alive connection open: exit code 0 within 1 s, port released", () => checkStopsPromptly(example(), "SIGTERM"), exampleTimeout);
  });
}

/**
 * An example on another runtime with no configuration at all: it warns and serves the demo
 * client; or, for one that keeps its state in a database its runtime binds (`storage:
 * "database"`, the Worker's D1), it serves the clients stored there, and no demo client. Part of
 * `describeRuntimeExample`.
 */
export function describeRuntimeDemoClient(command: ExampleCommand, storage: "memory" | "database"): void {
  if (storage === "database") {
    describe("with no configuration: the clients of its database, and no demo client", () => {
      const example = startedExample(command, () => ({ PORT: "0" }));

      it("warns about the generated key only", () => checkKeyWarningOnly(example()));
      it("refuses demo-client, which its database does not hold", () => checkDemoClientRefused(example()));
    });
    return;
  }
  describe("with no configuration: the demo client", () => {
    const example = startedExample(command, () => ({ PORT: "0" }));

    it("warns about the demo client and the generated key, one line each, without the secret", () => checkDemoWarnings(example()));
    it("issues a token to demo-client with its documented secret", () => checkDemoClientToken(example()));
  });
}
