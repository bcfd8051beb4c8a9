/** What a command reads and writes: the process's streams and environment, or a test's. */
export interface Io {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly stdin: NodeJS.ReadableStream & { readonly isTTY?: boolean; setRawMode?(mode: boolean): unknown };
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
  /** The time, in milliseconds since the epoch. */
  now(): number;
}

/** The process's own streams and environment. */
export function processIo(): Io {
  return { env: process.env, stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, now: Date.now };
}

/** Writes `value` as one line of JSON on standard output. */
export function printJson(io: Io, value: unknown): void {
  io.stdout.write(`${JSON.stringify(value)}\n`);
}

/** Writes `lines` on standard output, one per line. */
export function printLines(io: Io, lines: readonly string[]): void {
  if (lines.length > 0) io.stdout.write(`${lines.join("\n")}\n`);
}
