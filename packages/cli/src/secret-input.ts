import { exitCodes, CliError } from "./exit-codes.js";
import type { Io } from "./io.js";

/**
 * Reads a secret for a command: from a prompt without echo when standard input is a terminal,
 * else from standard input (one line; its line break dropped). Never from the command line,
 * which other users of the machine can read (`ps`) and shells keep in their history.
 */
export async function readSecret(io: Io, prompt: string): Promise<string> {
  const text = io.stdin.isTTY === true && io.stdin.setRawMode !== undefined ? await promptHidden(io, prompt) : await readAll(io.stdin);
  const secret = text.replace(/\r?\n$/, "");
  if (secret === "") throw new CliError(exitCodes.failed, "no secret on standard input");
  if (/[\r\n]/.test(secret)) throw new CliError(exitCodes.failed, "the secret on standard input must be one line");
  return secret;
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString("utf8");
}

/** Asks for a line on the terminal, echoing nothing; Ctrl-C gives up (exit code 1). */
function promptHidden(io: Io, prompt: string): Promise<string> {
  const { stdin } = io;
  io.stderr.write(prompt);
  stdin.setRawMode?.(true);
  stdin.resume();
  stdin.setEncoding("utf8");
  let line = "";
  return new Promise((resolve, reject) => {
    const finish = (error?: CliError) => {
      stdin.setRawMode?.(false);
      stdin.pause();
      stdin.removeListener("data", onData);
      io.stderr.write("\n");
      if (error === undefined) resolve(line);
      else reject(error);
    };
    const onData = (data: string | Buffer) => {
      for (const character of String(data)) {
        if (character === "\r" || character === "\n") return finish();
        if (character === "\u0003" || character === "\u0004") return finish(new CliError(exitCodes.failed, "no secret given"));
        line = character === "\u007f" || character === "\b" ? line.slice(0, -1) : line + character;
      }
    };
    stdin.on("data", onData);
  });
}
