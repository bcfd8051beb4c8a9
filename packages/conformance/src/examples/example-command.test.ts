import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exampleCommand } from "./example-command.js";

const runtimeLauncher = fileURLToPath(new URL("../../bin/tessera-runtime.js", import.meta.url));

describe("exampleCommand", () => {
  let directory: string;
  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), "tessera-example-command-"));
  });
  afterAll(() => rm(directory, { recursive: true, force: true }));

  /** The command of an example whose start script is `start`. */
  async function commandOf(start: string | undefined) {
    await writeFile(join(directory, "package.json"), JSON.stringify({ scripts: start === undefined ? {} : { start } }));
    return () => exampleCommand(pathToFileURL(`${directory}/`));
  }

  it("takes a bare node command as it is, run by this Node in the example's directory", async () => {
    expect((await commandOf("node dist/main.js"))()).toEqual({
      command: process.execPath,
      args: ["dist/main.js"],
      cwd: `${directory}/`,
      script: "node dist/main.js",
    });
  });

  it("takes the command after tsc -b &&, resolving tessera-runtime to this package's launcher", async () => {
    expect((await commandOf("tsc -b && tessera-runtime bun src/main.ts"))()).toEqual({
      command: process.execPath,
      args: [runtimeLauncher, "bun", "src/main.ts"],
      cwd: `${directory}/`,
      script: "tessera-runtime bun src/main.ts",
    });
  });

  it.each([
    ["a missing script", undefined],
    ["a pipe", "node dist/main.js | tee log"],
    ["a second command", "node dist/main.js && echo done"],
    ["a quoted argument", 'node dist/main.js "a b"'],
  ])("refuses a start script with %s", async (_name, start) => {
    expect(await commandOf(start)).toThrow(/is not "\[tsc -b && \]<command> <plain arguments>"/);
  });

  it("refuses a program other than node or tessera-runtime", async () => {
    expect(await commandOf("deno run src/main.ts")).toThrow(/runs deno; expected node or tessera-runtime/);
  });
});
