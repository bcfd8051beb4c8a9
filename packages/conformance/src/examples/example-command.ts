import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** The `tessera-runtime` executable of this package, which `pnpm start` finds on its `PATH`. */
const runtimeLauncher = fileURLToPath(new URL("../../bin/tessera-runtime.js", import.meta.url));

/** A start script: `<command>`, or `tsc -b && <command>` for one that builds the workspace first. */
const startScript = /^(?:tsc -b && )?((\S+)((?: [^\s"'`$|&;<>]+)*))$/;

/** How an example starts: the command its `pnpm start` runs once the workspace is built. */
export interface ExampleCommand {
  readonly command: string;
  readonly args: readonly string[];
  /** The example's directory, where `pnpm start` runs it. */
  readonly cwd: string;
  /** The command as the start script writes it, after the build: `node dist/main.js`. */
  readonly script: string;
}

/**
 * The command of the `start` script in the `package.json` of the example in `directory`: the
 * script itself (`node dist/main.js`) or, when it builds the workspace first, what follows
 * `tsc -b && `; its program, `node` or `tessera-runtime`, is resolved as pnpm resolves it. Tests
 * start examples exactly so, which keeps the scripts honest. Read synchronously, so that a suite
 * has it while it declares its tests; throws on a script of any other shape.
 */
export function exampleCommand(directory: URL): ExampleCommand {
  const cwd = fileURLToPath(directory);
  const manifest = JSON.parse(readFileSync(new URL("package.json", directory), "utf8")) as { scripts?: { start?: string } };
  const script = manifest.scripts?.start ?? "";
  const match = startScript.exec(script);
  if (match === null) {
    throw new Error(`the start script of ${cwd} is not "[tsc -b && ]<command> <plain arguments>": ${script}`);
  }
  const [, command = "", program, rest = ""] = match;
  const args = rest.split(" ").filter((arg) => arg !== "");
  switch (program) {
    case "node":
      return { command: process.execPath, args, cwd, script: command };
    case "tessera-runtime":
      return { command: process.execPath, args: [runtimeLauncher, ...args], cwd, script: command };
    default:
      throw new Error(`the start script of ${cwd} runs ${program}; expected node or tessera-runtime`);
  }
}
