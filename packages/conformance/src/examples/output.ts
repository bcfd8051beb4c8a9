/** Checks on what an example prints. */
import { expect } from "vitest";
import type { RunningExample } from "./example-process.js";

/** The listening line `example` printed, with its newline. */
export function listeningOutput(example: RunningExample): string {
  return `Tessera token server listening on ${example.url}\n`;
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
