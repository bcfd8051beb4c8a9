import { STATUS_CODES, type ServerResponse } from "node:http";
import type { PlainResponse } from "@tessera/core/adapter";

type ReadResult = ReadableStreamReadResult<Uint8Array>;

/**
 * Writes a WHATWG `Response` to a Node `ServerResponse`:
 * - `writeHead(status, headers)` with the headers as a flat name/value list, so repeated fields
 *   such as `Set-Cookie` stay separate lines;
 * - no body for a null body or a HEAD request (the unread body is cancelled);
 * - a body of one chunk, the common case, is sent with `Content-Length` in one `end(chunk)`;
 * - a longer body is streamed chunk by chunk, waiting for `drain` whenever the socket is full,
 *   and its stream is cancelled if the client disconnects.
 *
 * Rejects with the error of a body stream that fails (or of a status or header Node refuses);
 * by then the headers may have been sent, which `res.headersSent` tells.
 */
export async function writeResponse(response: Response, res: ServerResponse, head: boolean): Promise<void> {
  const headers: string[] = [];
  let framed = false;
  // Names arrive lower-cased, and each Set-Cookie on its own (Fetch "sort and combine").
  response.headers.forEach((value, name) => {
    if (name === "content-length" || name === "transfer-encoding") framed = true;
    headers.push(name, value);
  });
  const { status, statusText, body } = response;

  if (body === null || head) {
    body?.cancel().catch(ignore);
    // A HEAD answer cannot know the length of the body it leaves out.
    writeEmpty(res, status, statusText, headers, framed || head);
    return;
  }

  const reader = body.getReader();
  // The client may leave while the body is still coming: stop producing it.
  const cancel = (): void => {
    reader.cancel().catch(ignore);
  };
  res.once("close", cancel);
  try {
    const first = await reader.read();
    if (first.done) {
      writeEmpty(res, status, statusText, headers, framed);
      return;
    }
    const pending = reader.read();
    // A body made from a string or bytes closes within a few microtasks; a real stream may
    // wait for I/O, and its first chunk should not wait for its second.
    const second = await settledSoon(pending);
    const chunk = bytes(first.value);
    if (second?.done === true) {
      if (!framed) headers.push("content-length", String(chunk.byteLength));
      writeHead(res, status, statusText, headers);
      res.end(chunk);
      return;
    }
    writeHead(res, status, statusText, headers);
    await stream(reader, res, chunk, pending);
  } finally {
    res.off("close", cancel);
  }
}

/**
 * Writes a Tessera core's plain answer as {@link writeResponse} writes the same `Response`: the
 * body with its `Content-Length` in one `end`, or no body (and `Content-Length: 0` where that is
 * allowed) for a null body; for a HEAD request, the headers alone. Throws if Node refuses the
 * status or a header.
 */
export function writePlainResponse({ status, headers, body }: PlainResponse, res: ServerResponse, head: boolean): void {
  const list: string[] = [];
  for (const name in headers) list.push(name, headers[name] as string);
  if (body === null || head) {
    writeEmpty(res, status, "", list, head);
    return;
  }
  list.push("content-length", String(Buffer.byteLength(body)));
  res.writeHead(status, list);
  res.end(body);
}

/** Streams the rest of a body, one read ahead, honouring backpressure. */
async function stream(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  res: ServerResponse,
  first: Uint8Array,
  pending: Promise<ReadResult>,
): Promise<void> {
  let chunk = first;
  let next = pending;
  for (;;) {
    if (!res.write(chunk)) await drained(res);
    const result = await next;
    // After a disconnect the reader was cancelled, so `next` has settled as done.
    if (result.done || res.destroyed) break;
    chunk = bytes(result.value);
    next = reader.read();
  }
  if (!res.destroyed) res.end();
}

/** Ends a response without content, saying so with `Content-Length: 0` where that is allowed. */
function writeEmpty(res: ServerResponse, status: number, statusText: string, headers: string[], framed: boolean): void {
  // RFC 9110 §8.6: no Content-Length in a 204; in a 304 it would describe another response.
  if (!framed && status !== 204 && status !== 304) headers.push("content-length", "0");
  writeHead(res, status, statusText, headers);
  res.end();
}

/** A body chunk, checked: Fetch allows only bytes, and a length is computed from it. */
function bytes(chunk: unknown): Uint8Array {
  if (!(chunk instanceof Uint8Array)) throw new TypeError("A response body chunk is not a Uint8Array.");
  return chunk;
}

function writeHead(res: ServerResponse, status: number, statusText: string, headers: string[]): void {
  if (statusText === "") res.writeHead(status, headers);
  else res.writeHead(status, statusText, headers);
}

/** Resolves on `drain`, or on `close` when the client has gone. */
function drained(res: ServerResponse): Promise<void> {
  if (res.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      res.off("drain", done);
      res.off("close", done);
      resolve();
    };
    res.on("drain", done);
    res.on("close", done);
  });
}

/** The result of `read` if it settles before the event loop turns, otherwise `undefined`. */
function settledSoon(read: Promise<ReadResult>): Promise<ReadResult | undefined> {
  return new Promise((resolve, reject) => {
    const timer = setImmediate(resolve, undefined);
    read.then(
      (result) => {
        clearImmediate(timer);
        resolve(result);
      },
      (error: unknown) => {
        clearImmediate(timer);
        reject(error);
      },
    );
  });
}

/** A status the adapter answers by itself, with nothing about the cause. */
export type RefusalStatus = 400 | 408 | 413 | 431 | 500;

function refusal(status: RefusalStatus, error: string, description: string, close: boolean) {
  // The reason phrase is given explicitly: a writeHead that failed before may have left its own.
  const reason = STATUS_CODES[status] ?? "";
  const body = Buffer.from(JSON.stringify({ error, error_description: description }));
  const headers = [
    "content-type", "application/json",
    "cache-control", "no-store",
    "pragma", "no-cache",
    "content-length", String(body.byteLength),
  ];
  if (close) headers.push("connection", "close");
  return { reason, body, headers };
}

const refusals = {
  // The request's framing or authority is suspect: do not reuse the connection.
  400: refusal(400, "invalid_request", "The request could not be parsed.", true),
  // A client too slow to send its body gets its connection back no longer.
  408: refusal(408, "invalid_request", "The request body did not arrive in time.", true),
  // Closing is how the unread rest of the body is dropped.
  413: refusal(413, "invalid_request", "The request body is too large.", true),
  // What the adapter would not read of the head may be anything: do not reuse the connection.
  431: refusal(431, "invalid_request", "The request has too many header fields.", true),
  500: refusal(500, "server_error", "The server encountered an unexpected condition.", false),
} as const;

/**
 * Answers with one of the adapter's own minimal JSON responses: 400 for an unparsable request,
 * 408 for a body that did not arrive in time, 413 for an oversize body, 500 when the handler failed. If headers were already sent there is no
 * status left to change, so the connection is cut instead.
 */
export function writeRefusal(res: ServerResponse, status: RefusalStatus): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const { reason, body, headers } = refusals[status];
  res.writeHead(status, reason, headers);
  res.end(body);
}

function ignore(): void {}
