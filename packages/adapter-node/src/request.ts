import type { IncomingMessage } from "node:http";
import type { PlainRequest } from "@tessera/core/adapter";
import { rememberClientAddress } from "./client-address.js";

/**
 * Why an `IncomingMessage` did not become a `Request`:
 * - `400`: unparsable for a fetch handler (a missing, repeated or malformed `Host`, a request
 *   target that is not a URL, a method or header a `Request` cannot carry);
 * - `408`: the body did not arrive within the adapter's `bodyTimeout` (a slow-loris client);
 * - `413`: the body is over the adapter's limit;
 * - `431`: more header fields than the adapter's limit (fields past `node:http`'s own limit would
 *   otherwise be dropped without a word);
 * - `"aborted"`: the client went away before the body arrived, so there is no one to answer;
 * - `"consumed"`: something before the adapter (a body parser) read the body: a mistake in the
 *   application, answered 500 and reported, since the handler cannot see the request as sent.
 */
export type RequestRefusal = 400 | 408 | 413 | 431 | "aborted" | "consumed";

/** The bounds a request is read within. */
export interface ReadLimits {
  /** The most body bytes read; more is refused with 413. */
  readonly maxBodyBytes: number;
  /** The most header fields; more is refused with 431. */
  readonly maxHeaderCount: number;
  /** How long the body may take to arrive, in milliseconds; `0` waits forever. */
  readonly bodyTimeoutMs: number;
}

/**
 * A host (reg-name of letters, digits, `.`, `_`, `~`, `-`, or an IP-literal) and an optional
 * port. Deliberately narrower than RFC 3986: anything that could move the authority boundary
 * of `http://${host}${path}` (`/`, `?`, `#`, `@`, `\`, spaces…) is refused, so concatenation is safe.
 */
const validHost = /^(?:[A-Za-z0-9._~-]+|\[[0-9A-Fa-f:.]+\])(?::[0-9]{0,5})?$/;

/**
 * Translates a Node request into a WHATWG `Request`, or says why it cannot:
 * - headers come from `rawHeaders` in one loop, so repeated fields reach the handler as sent;
 * - the URL is `http(s)://${Host}${req.url}` after a check of the `Host` (an absolute-form
 *   request target is used as it is, RFC 9112 §3.2.2);
 * - GET and HEAD have no body; otherwise a body declared larger than `maxBodyBytes` is refused
 *   without reading a byte, and any other body is read into bytes, refused the moment it
 *   passes `maxBodyBytes`, or once `bodyTimeoutMs` milliseconds (if not 0) pass before it ends.
 *
 * Never rejects: an aborted or failing request stream settles as `"aborted"`.
 */
export async function toRequest(req: IncomingMessage, limits: ReadLimits): Promise<Request | RequestRefusal> {
  const parts = await readRequest(req, limits);
  if (typeof parts !== "object") return parts;
  const { url, method, headers, body } = parts;
  try {
    const request = new Request(url, body === undefined ? { method, headers } : { method, headers, body });
    rememberClientAddress(request, req);
    return request;
  } catch {
    // A URL, method or header value that a Request cannot hold (for example TRACE).
    return 400;
  }
}

/**
 * The Tessera core's plain request (see {@link PlainHandler}): what {@link toRequest} would put
 * in a `Request`, with the checks `new Request` would make, and refused with 400 where it would
 * throw.
 */
export async function toPlainRequest(req: IncomingMessage, limits: ReadLimits): Promise<PlainRequest | RequestRefusal> {
  const parts = await readRequest(req, limits);
  if (typeof parts !== "object") return parts;
  const { method, body } = parts;
  // Fetch refuses these methods (a forbidden method), and credentials in a request's URL.
  if (forbiddenMethod.test(method)) return 400;
  let url: URL;
  let headers: Headers;
  try {
    url = new URL(parts.url);
    headers = new Headers(parts.headers);
  } catch {
    return 400;
  }
  if (url.username !== "" || url.password !== "") return 400;
  return {
    method,
    url: url.href,
    headers,
    body,
    peerAddress: req.socket?.remoteAddress,
    defer: endOfTurn,
  };
}

/** Node's turn of the event loop ends with its check phase, where immediates run. */
const endOfTurn = (task: () => void): void => void setImmediate(task);

/** Fetch's forbidden methods (Fetch §2.2.1), which `new Request` refuses. */
const forbiddenMethod = /^(?:CONNECT|TRACE|TRACK)$/i;

interface RequestParts {
  readonly url: string;
  readonly method: string;
  readonly headers: [string, string][];
  readonly body: Uint8Array<ArrayBuffer> | undefined;
}

/** The parts of a request before they become a `Request`, the body read; or why there are none. */
async function readRequest(req: IncomingMessage, limits: ReadLimits): Promise<RequestParts | RequestRefusal> {
  const raw = req.rawHeaders;
  if (raw.length > 2 * limits.maxHeaderCount) return 431;
  const { maxBodyBytes, bodyTimeoutMs } = limits;
  const headers: [string, string][] = [];
  let hosts = 0;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i] as string;
    if (name.length === 4 && name.toLowerCase() === "host") hosts++;
    headers.push([name, raw[i + 1] as string]);
  }

  const url = requestUrl(req, hosts);
  if (url === undefined) return 400;

  const method = req.method ?? "GET";
  let body: Uint8Array<ArrayBuffer> | undefined;
  if (method !== "GET" && method !== "HEAD" && hasBody(req)) {
    if (declaredLength(req) > maxBodyBytes) return 413;
    const read = await readBody(req, maxBodyBytes, bodyTimeoutMs);
    if (typeof read !== "object") return read;
    body = read;
  }
  return { url, method, headers, body };
}

/** The declared `Content-Length`, or 0 when there is none (a chunked body). */
export function declaredLength(req: IncomingMessage): number {
  const value = req.headers["content-length"];
  // Node's parser has already refused a malformed or repeated Content-Length.
  return value === undefined ? 0 : Number(value);
}

/** RFC 9112 §6.1: a request has a body exactly when it has Content-Length or Transfer-Encoding. */
function hasBody(req: IncomingMessage): boolean {
  return req.headers["content-length"] !== undefined || req.headers["transfer-encoding"] !== undefined;
}

/**
 * The absolute URL of a request, from its target and its one valid `Host` (as {@link toRequest}
 * builds it), or `undefined` when it has none we can trust.
 */
export function absoluteUrl(req: IncomingMessage, target = req.url): string | undefined {
  const raw = req.rawHeaders;
  let hosts = 0;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i] as string;
    if (name.length === 4 && name.toLowerCase() === "host") hosts++;
  }
  return requestUrl(req, hosts, target);
}

/** The absolute URL of the request (or of `target` on its host), or `undefined` when it has none we can trust. */
function requestUrl(req: IncomingMessage, hosts: number, target = req.url ?? ""): string | undefined {
  if (target.charCodeAt(0) === 47 /* / */) {
    // RFC 9112 §3.2: exactly one Host, and it must be valid.
    const host = req.headers.host;
    if (hosts !== 1 || host === undefined || !validHost.test(host)) return undefined;
    const socket = req.socket;
    const scheme = "encrypted" in socket && socket.encrypted === true ? "https" : "http";
    return `${scheme}://${host}${target}`;
  }
  if (target.startsWith("http://") || target.startsWith("https://")) {
    // Absolute form: the target carries the authority and Host is ignored (RFC 9112 §3.2.2).
    try {
      return new URL(target).href;
    } catch {
      return undefined;
    }
  }
  // Asterisk form (`OPTIONS *`), authority form or garbage: not a URL a Request can have.
  return undefined;
}

/**
 * Reads the body into one byte array, settling with 413 as soon as it passes `limit` (the rest
 * is left to flow away unread), with 408 when `timeout` milliseconds (if not 0) pass before it
 * ends, and with `"aborted"` if the stream errors or closes first.
 */
function readBody(
  req: IncomingMessage,
  limit: number,
  timeout: number,
): Promise<Uint8Array<ArrayBuffer> | RequestRefusal> {
  // A body read to its end before the adapter saw it was read by someone else, not cut off.
  if (req.readableDidRead || req.readableEnded) return Promise.resolve("consumed");
  if (req.destroyed) return Promise.resolve("aborted");
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let length = 0;
    const timer = timeout > 0 ? setTimeout(() => settle(408), timeout) : undefined;

    const onData = (chunk: Buffer): void => {
      length += chunk.byteLength;
      if (length > limit) {
        settle(413);
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = (): void => settle(concat(chunks, length));
    const onAbort = (): void => settle("aborted");

    function settle(result: Uint8Array<ArrayBuffer> | RequestRefusal): void {
      clearTimeout(timer);
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("error", onAbort);
      req.off("close", onAbort);
      resolve(result);
    }

    req.on("data", onData);
    req.on("end", onEnd);
    req.on("error", onAbort);
    req.on("close", onAbort);
  });
}

function concat(chunks: readonly Buffer[], length: number): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}
