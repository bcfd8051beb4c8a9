// Test helpers shared by this package's tests.
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { connect } from "node:net";
import * as tessera from "@tessera/core";
import { createScenarioServer } from "@tessera/conformance/tables";
import { afterAll, beforeAll } from "vitest";
import { createServer, type FetchHandler, type ServerOptions } from "./index.js";

/** A `@tessera/node` server listening on an ephemeral loopback port. */
export interface Listening {
  readonly server: Server;
  readonly port: number;
  /** `http://127.0.0.1:<port>` */
  readonly origin: string;
  close(): Promise<void>;
}

export async function listen(handler: FetchHandler, options: ServerOptions = {}): Promise<Listening> {
  const server = createServer(handler, options);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    server,
    port,
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * For the tests of a `describe`: a scenario authorization server (issuer `http://localhost`)
 * listening through this adapter, started before them and closed after. Read it inside a test.
 */
export function listeningScenarioServer(): () => Listening {
  let listening: Listening | undefined;
  beforeAll(async () => {
    listening = await listen((await createScenarioServer(tessera, { issuer: "http://localhost" })).fetch);
  });
  afterAll(() => listening?.close());
  return () => {
    if (listening === undefined) throw new Error("the scenario server is not listening yet");
    return listening;
  };
}

/** A response as it came off the wire. */
export interface RawResponse {
  /** Every byte received, head and body. */
  readonly raw: Buffer;
  /** `HTTP/1.1 200 OK`, or `""` when nothing came back. */
  readonly statusLine: string;
  readonly status: number;
  /** Header lines in order, names lower-cased. */
  readonly headerLines: readonly (readonly [string, string])[];
  /** The bytes after the head, still in their transfer coding. */
  readonly body: Buffer;
  /** The first value of a header, or `undefined`. */
  header(name: string): string | undefined;
}

export interface ExchangeOptions {
  /** Pause between writes, in milliseconds. */
  readonly gapMs?: number;
  /** After the last write: half-close (`end`), cut the connection (`destroy`) or do nothing. */
  readonly then?: "end" | "destroy" | "wait";
  /** Give up after this long. */
  readonly timeoutMs?: number;
}

/**
 * Writes raw bytes to `port` and collects everything that comes back until the connection
 * closes: for requests `fetch` cannot express (a bad Host, a lying Content-Length, …).
 */
export function exchange(
  port: number,
  parts: readonly (string | Uint8Array)[],
  options: ExchangeOptions = {},
): Promise<RawResponse> {
  const { gapMs = 0, then = "wait", timeoutMs = 5000 } = options;
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1");
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no close from the server within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.on("data", (chunk: Buffer) => chunks.push(chunk));
    socket.on("error", () => {
      // A reset after the response is part of what some tests provoke; the bytes are kept.
    });
    socket.on("close", () => {
      clearTimeout(timer);
      resolve(parseRawResponse(Buffer.concat(chunks)));
    });
    void (async () => {
      for (const part of parts) {
        if (socket.destroyed) return;
        socket.write(part);
        if (gapMs > 0) await new Promise((r) => setTimeout(r, gapMs));
      }
      if (then === "end") socket.end();
      if (then === "destroy") socket.destroy();
    })();
  });
}

export function parseRawResponse(raw: Buffer): RawResponse {
  const text = raw.toString("latin1");
  const headEnd = text.indexOf("\r\n\r\n");
  const head = headEnd === -1 ? text : text.slice(0, headEnd);
  const [statusLine = "", ...lines] = head.split("\r\n");
  const headerLines = lines
    .filter((line) => line.includes(":"))
    .map((line) => {
      const colon = line.indexOf(":");
      return [line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim()] as const;
    });
  return {
    raw,
    statusLine,
    status: Number(statusLine.split(" ")[1] ?? 0),
    headerLines,
    body: headEnd === -1 ? Buffer.alloc(0) : raw.subarray(headEnd + 4),
    header: (name) => headerLines.find(([n]) => n === name.toLowerCase())?.[1],
  };
}

/** Resolves after `ms` milliseconds. */
export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls `condition` until it holds or `timeoutMs` passes. */
export async function eventually(condition: () => boolean, timeoutMs = 2000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) return false;
    await delay(5);
  }
  return true;
}
