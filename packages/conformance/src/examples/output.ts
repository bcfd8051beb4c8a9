/** Checks on what an example prints. */
import { expect } from "vitest";
import type { RunningExample } from "./example-process.js";

/** The listening line `example` printed, with its newline. */
export function listeningOutput(example: RunningExample): string {
  return `Tessera token server listening on ${example.url}\n`;
}

/**
 * What an example printed on stdout besides its log (see {@link logLines}): the listening line, and
 * anything else it should not have printed.
 */
export function withoutLog(stdout: string): string {
  return stdout
    .split("\n")
    .filter((line) => !line.startsWith("{"))
    .join("\n");
}

/** The log an example wrote on stdout: every line that is a JSON object, parsed (a line that does not parse fails the test). */
export function logLines(stdout: string): Record<string, unknown>[] {
  return lines(stdout)
    .filter((line) => line.startsWith("{"))
    .map((line) => {
      const parsed = JSON.parse(line) as unknown;
      expect(typeof parsed === "object" && parsed !== null && !Array.isArray(parsed), line).toBe(true);
      return parsed as Record<string, unknown>;
    });
}

/** The non-empty lines of `text`. */
export function lines(text: string): string[] {
  return text.split("\n").filter((line) => line !== "");
}

/** The lines of a PEM between its BEGIN and END lines: key material, never to be printed. */
export function pemLines(pem: string): string[] {
  return pem.split("\n").filter((line) => line !== "" && !line.startsWith("-----"));
}

/** Asserts that nothing an example printed contains any of `secrets`. */
export function expectNoSecret(output: { readonly stdout: string; readonly stderr: string }, secrets: readonly string[]): void {
  for (const secret of secrets) {
    expect(output.stdout).not.toContain(secret);
    expect(output.stderr).not.toContain(secret);
  }
}

/** Resolves once `condition` holds, checking every 50 ms; rejects after `timeout` ms. */
export async function until(condition: () => boolean, timeout: number, what: string): Promise<void> {
  const deadline = Date.now() + timeout;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`${what} within ${timeout} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
