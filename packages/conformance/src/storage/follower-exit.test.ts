import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { runtimeBinary, runtimeEnvironment } from "../binaries.js";
import { run } from "../process.js";

/** follow-and-exit.ts as `tsc -b` built it. */
const script = fileURLToPath(new URL("../../dist/storage/follow-and-exit.js", import.meta.url));
const packageRoot = fileURLToPath(new URL("../../", import.meta.url));

const commands = {
  node: () => [process.execPath, [script]] as const,
  deno: () => [runtimeBinary("deno"), ["run", script]] as const,
  bun: () => [runtimeBinary("bun"), ["--no-install", script]] as const,
};

describe("a ChangeFollower and a RevocationSet left open", () => {
  it.each(Object.keys(commands) as (keyof typeof commands)[])("let the process exit by itself on %s", async (runtime) => {
    const [command, args] = commands[runtime]();
    const exit = await run(command, args, { cwd: packageRoot, env: runtimeEnvironment({ PATH: process.env.PATH }), timeout: 15_000 });
    expect(exit).toMatchObject({ code: 0, stdout: "revoked, and exiting\n" });
  });
});
