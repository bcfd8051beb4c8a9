import { invalidOption, safeErrorHook, type ErrorHook } from "@tessera/core/adapter";
import type { ShutdownOptions } from "./shutdown.js";

/** Options of {@link createRequestListener} and {@link createServer}. Durations are in seconds. */
export interface RequestListenerOptions {
  /**
   * The largest request body the adapter reads, in bytes: a transport-level cap that keeps an
   * oversize upload out of memory. A body that declares a larger `Content-Length` is answered
   * 413 without being read; a chunked body is answered 413 the moment it passes the limit.
   * Both 413 responses close the connection.
   *
   * For a Tessera server's `fetch`, the cap is the server's own `limits.maxBodyBytes` (16 KiB by
   * default), or this option if smaller: the adapter never buffers more than the server reads.
   *
   * @defaultValue the Tessera server's `limits.maxBodyBytes`; for any other handler 1048576 (1 MiB)
   */
  readonly maxBodyBytes?: number | undefined;
  /**
   * The most header fields a request may carry; more are answered 431 and the connection closed.
   * `node:http` silently drops the fields past its own count limit (`server.maxHeadersCount`),
   * which would hide a repeated `Authorization` line from the handler; {@link createServer} sets
   * that limit to twice this one, so that no field of an accepted request is dropped. With a
   * server of your own, keep its `maxHeadersCount` (by default 2000 entries, about 1000 fields)
   * above this.
   * @defaultValue 256
   */
  readonly maxHeaderCount?: number | undefined;
  /**
   * How long the adapter waits for a request body, in seconds from when it starts reading it: a
   * client that trickles its body (slow loris) is answered 408 and its connection closed, so it
   * cannot hold memory or the request open. `0` waits forever. Fractions allowed.
   *
   * @defaultValue 10
   */
  readonly bodyTimeout?: number | undefined;
  /**
   * Told about failures on the server's side: the handler threw or rejected (answered with a
   * bare 500), or its response could not be written (the body stream failed, or Node refused its
   * status or a header; once headers are sent the connection is cut instead). Client
   * disconnects and unparsable requests are the client's doing and are not reported. Failures
   * of the hook itself are ignored.
   *
   * The adapter never logs request content. Take care that this hook does not log secrets
   * either: an error may carry anything the handler put in it.
   *
   * @defaultValue writes one line naming the error's type (not its message) with `console.error`
   */
  readonly onError?: ErrorHook | undefined;
}

/**
 * Options of {@link createServer}: those of the listener, and the limits `node:http` itself
 * enforces before a request reaches it. Each one bounds what a hostile client can make the
 * server hold: a header flood, headers or a request that never finish.
 */
export interface ServerOptions extends RequestListenerOptions {
  /**
   * The largest request head (request line and headers) accepted, in bytes; a larger one is
   * answered 431 by `node:http` and the connection closed.
   * @defaultValue 16384 (16 KiB, as Node's own default, but fixed per server rather than taken
   * from `--max-http-header-size`)
   */
  readonly maxHeaderSize?: number | undefined;
  /**
   * How long a client may take to send the request head, in seconds; past it `node:http`
   * answers 408 and closes the connection. At most `requestTimeout`. Fractions allowed.
   * @defaultValue 10 (Node's own default is 60)
   */
  readonly headersTimeout?: number | undefined;
  /**
   * How long a client may take to send the whole request, in seconds; past it `node:http`
   * answers 408 and closes the connection. `0` turns it off. Fractions allowed.
   * @defaultValue 30 (Node's own default is 300)
   */
  readonly requestTimeout?: number | undefined;
  /**
   * A graceful shutdown on SIGTERM and SIGINT, once the server listens: it stops accepting,
   * closes idle keep-alive connections at once, lets the requests in flight finish (their
   * connections then close), awaits `onClose`, and exits the process with code 0, all within
   * `timeout` seconds; a repeated signal changes nothing. `true` for the defaults; see
   * {@link ShutdownOptions}. Not for a server that shares its process with other work that must
   * stop first: call {@link closeGracefully} from your own handler instead.
   * @defaultValue `false`: no signal handler, Node's default (the process dies at once)
   */
  readonly shutdown?: ShutdownOptions | boolean | undefined;
}

/** The listener options after validation and defaults; durations in milliseconds, as Node takes them. */
export interface ResolvedListenerOptions {
  /** `undefined`: the handler's own limit, else 1 MiB. */
  readonly maxBodyBytes: number | undefined;
  readonly maxHeaderCount: number;
  readonly bodyTimeoutMs: number;
  readonly onError: ErrorHook;
}

/** Validates the listener options, throwing a `TypeError` that names a wrong one. */
export function resolveListenerOptions(options: RequestListenerOptions): ResolvedListenerOptions {
  if (typeof options !== "object" || options === null) throw invalidOption("options", "expected an object");
  const { maxBodyBytes, maxHeaderCount = 256 } = options;
  if (maxBodyBytes !== undefined && (!Number.isSafeInteger(maxBodyBytes) || maxBodyBytes <= 0)) {
    throw invalidOption("maxBodyBytes", "must be a positive whole number of bytes");
  }
  if (!Number.isSafeInteger(maxHeaderCount) || maxHeaderCount <= 0) {
    throw invalidOption("maxHeaderCount", "must be a positive whole number");
  }
  if (options.onError !== undefined && typeof options.onError !== "function") {
    throw invalidOption("onError", "expected a function (error, request) => void");
  }
  return Object.freeze({
    maxBodyBytes,
    maxHeaderCount,
    bodyTimeoutMs: milliseconds(options, "bodyTimeout", 10),
    onError: safeErrorHook(options.onError, "@tessera/node"),
  });
}

/** The `http.createServer()` options for the head and request limits. */
export function resolveServerOptions(options: ServerOptions, maxHeaderCount: number) {
  const maxHeaderSize = options.maxHeaderSize ?? 16 * 1024;
  if (!Number.isSafeInteger(maxHeaderSize) || maxHeaderSize <= 0) {
    throw invalidOption("maxHeaderSize", "must be a positive whole number of bytes");
  }
  const requestTimeout = milliseconds(options, "requestTimeout", 30);
  const headersTimeout = milliseconds(options, "headersTimeout", 10);
  if (headersTimeout === 0 || (requestTimeout > 0 && headersTimeout > requestTimeout)) {
    throw invalidOption("headersTimeout", "must be above 0 and at most requestTimeout");
  }
  // Node checks these timeouts on an interval (30 s by default): check often enough to enforce them.
  const connectionsCheckingInterval = Math.max(100, Math.min(30_000, Math.floor(headersTimeout / 4)));
  // Node keeps at least this many fields, so a request over `maxHeaderCount` is seen as such.
  const maxHeadersCount = maxHeaderCount * 2;
  return { maxHeaderSize, requestTimeout, headersTimeout, connectionsCheckingInterval, maxHeadersCount };
}

/** A duration option in seconds, zero or more, as whole milliseconds. */
function milliseconds(options: ServerOptions, name: "bodyTimeout" | "requestTimeout" | "headersTimeout", fallback: number): number {
  const value = options[name] ?? fallback;
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
    throw invalidOption(name, "must be a number of seconds, 0 or more");
  }
  return Math.round(value * 1000);
}
