import { readFileSync } from "node:fs";
import { helpOf, parseCommandArgs, type Command } from "./command.js";
import { commands } from "./commands/index.js";
import { CliError, exitCodes, usageError } from "./exit-codes.js";
import { processIo, type Io } from "./io.js";

const exitCodeHelp = [
  "Exit codes: 0 done; 1 failed (configuration, database, or another error, said in one line);",
  "2 usage mistake; 3 no client has that client_id; 4 that client_id is taken.",
];

function overview(): string {
  const rows = commands.map((command) => `  ${command.name.padEnd(24)} ${command.summary}`);
  return [
    "Usage: tessera <command> [options]",
    "",
    "Commands:",
    ...rows,
    "",
    "Every command takes --help, and --json for one JSON document on standard output. The clients,",
    "revoke and migrate commands work on the PostgreSQL database named by OAUTH_DATABASE_URL.",
    "",
    ...exitCodeHelp,
    "",
  ].join("\n");
}

/** The command `argv` names (one word, or two: `clients create`), and the words after its name. */
function find(argv: readonly string[]): { command: Command; rest: readonly string[] } | undefined {
  for (const words of [2, 1]) {
    const name = argv.slice(0, words).join(" ");
    const command = commands.find((candidate) => candidate.name === name);
    if (command !== undefined) return { command, rest: argv.slice(words) };
  }
  return undefined;
}

function version(): string {
  const manifest = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string };
  return manifest.version;
}

/**
 * Runs `tessera` with the words after the program's name, and resolves with the exit code. Every
 * failure is one line on standard error, `error: …`; only a bug (an error nobody expected) shows
 * its stack trace, and only with `TESSERA_DEBUG=1`.
 */
export async function main(argv: readonly string[], io: Io = processIo()): Promise<number> {
  try {
    const [first] = argv;
    if (first === undefined || first === "--help" || first === "-h" || first === "help") {
      io.stdout.write(overview());
      return first === undefined ? exitCodes.usage : exitCodes.done;
    }
    if (first === "--version") {
      io.stdout.write(`${version()}\n`);
      return exitCodes.done;
    }
    const found = find(argv);
    if (found === undefined) throw unknownCommand(argv);
    const args = parseCommandArgs(found.command, found.rest);
    if (args.help) {
      io.stdout.write(helpOf(found.command));
      return exitCodes.done;
    }
    return await found.command.run(args, io);
  } catch (error) {
    return report(error, io);
  }
}

function unknownCommand(argv: readonly string[]): CliError {
  const group = commands.filter((command) => command.name.startsWith(`${argv[0]} `));
  if (group.length > 0 && (argv[1] === undefined || argv[1].startsWith("-"))) {
    const names = group.map((command) => command.name.split(" ")[1]).join(", ");
    return usageError(`tessera ${argv[0]} takes one of: ${names}`, "");
  }
  return new CliError(exitCodes.usage, `unknown command ${JSON.stringify(argv.slice(0, group.length > 0 ? 2 : 1).join(" "))} (see \`tessera --help\`)`);
}

/** Writes the one line of a failure and gives its exit code. */
function report(error: unknown, io: Io): number {
  if (error instanceof CliError) {
    io.stderr.write(`error: ${error.message}\n`);
    return error.exitCode;
  }
  if (error instanceof TypeError && (error as { code?: unknown }).code === "ERR_INVALID_ARG_VALUE") {
    io.stderr.write(`error: ${error.message}\n`);
    return exitCodes.usage;
  }
  const message = error instanceof Error ? error.message : String(error);
  io.stderr.write(`error: ${message.split("\n")[0]}\n`);
  if (io.env.TESSERA_DEBUG === "1" && error instanceof Error && error.stack !== undefined) io.stderr.write(`${error.stack}\n`);
  return exitCodes.failed;
}
