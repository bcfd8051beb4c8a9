import { parseArgs } from "node:util";
import { usageError } from "./exit-codes.js";
import type { Io } from "./io.js";

/** One option of a command, as `util.parseArgs` takes it, with its help line. */
export interface OptionSpec {
  readonly type: "string" | "boolean";
  readonly multiple?: boolean;
  /** The value's name in the help, such as `<seconds>`. */
  readonly value?: string;
  readonly description: string;
}

/** What a command receives: its options (strings, lists or booleans) and positional arguments. */
export interface CommandArgs {
  readonly values: Readonly<Record<string, string | boolean | readonly (string | boolean)[] | undefined>>;
  readonly positionals: readonly string[];
  /** Whether `--json` was given: one JSON document on standard output instead of text. */
  readonly json: boolean;
}

/** A `tessera` command: its name, help, options, and what it does. */
export interface Command {
  /** The words that name it, such as `clients create`. */
  readonly name: string;
  /** One line for the list of commands. */
  readonly summary: string;
  /** The positional arguments in the usage line, such as `<client_id>`. */
  readonly arguments?: string;
  /** How many positional arguments it takes. @defaultValue 0 */
  readonly positionals?: number;
  readonly options?: Readonly<Record<string, OptionSpec>>;
  /** Paragraphs after the options in `--help`. */
  readonly details?: readonly string[];
  /** Does the work; resolves with the exit code. */
  run(args: CommandArgs, io: Io): Promise<number>;
}

const common: Readonly<Record<string, OptionSpec>> = {
  json: { type: "boolean", description: "Print one JSON document on standard output, for scripts" },
  help: { type: "boolean", description: "Show this help" },
};

/** Parses `argv` (the words after the command's name) for `command`; usage mistakes throw. */
export function parseCommandArgs(command: Command, argv: readonly string[]): CommandArgs & { readonly help: boolean } {
  const options = { ...command.options, ...common };
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: Object.fromEntries(
        Object.entries(options).map(([name, { type, multiple }]) => [name, multiple === true ? { type, multiple } : { type }]),
      ),
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw usageError(parseProblem(error), command.name);
  }
  const help = parsed.values.help === true;
  const count = command.positionals ?? 0;
  if (!help && parsed.positionals.length !== count) {
    const expected = count === 0 ? "no arguments" : `${count === 1 ? "one argument" : `${count} arguments`}: ${command.arguments}`;
    throw usageError(`tessera ${command.name} takes ${expected}`, command.name);
  }
  return { values: parsed.values, positionals: parsed.positionals, json: parsed.values.json === true, help };
}

/** `util.parseArgs`'s message, on one line and without its advice to use `--` (not ours to give). */
function parseProblem(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split(/[.\n]/)[0]?.replace(/^Option '(--[^ ]+) <value>'/, "Option '$1'") ?? "invalid arguments";
}

/** The `--help` text of `command`. */
export function helpOf(command: Command): string {
  const options = { ...command.options, ...common };
  const rows = Object.entries(options).map(([name, spec]) => {
    const flag = `--${name}${spec.value === undefined ? "" : ` ${spec.value}`}`;
    return `  ${flag.padEnd(34)} ${spec.description}${spec.multiple === true ? " (repeatable)" : ""}`;
  });
  const usage = `Usage: tessera ${command.name}${command.arguments === undefined ? "" : ` ${command.arguments}`} [options]`;
  const details = (command.details ?? []).map((paragraph) => `\n${paragraph}`);
  return [usage, "", command.summary, "", "Options:", ...rows, ...details, ""].join("\n");
}

/** The string value of option `name`, or `undefined`. */
export function stringOption(args: CommandArgs, name: string): string | undefined {
  const value = args.values[name];
  return typeof value === "string" ? value : undefined;
}

/** The values of a repeatable option `name`, or `undefined` when it was not given. */
export function listOption(args: CommandArgs, name: string): readonly string[] | undefined {
  const value = args.values[name];
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : undefined;
}

/**
 * The value of option `name` as a whole number of seconds (or seconds since the epoch), or
 * `fallback` when it was not given; anything else is a usage mistake.
 */
export function secondsOption(args: CommandArgs, command: string, name: string, fallback: number): number {
  const value = stringOption(args, name);
  if (value === undefined) return fallback;
  if (!/^[0-9]{1,15}$/.test(value)) throw usageError(`--${name} must be a whole number of seconds`, command);
  return Number(value);
}
