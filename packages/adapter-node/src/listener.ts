import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { plainHandlerOf, type PlainHandler, type PlainResponse } from "./plain.js";
import { declaredLength, toPlainRequest, toRequest, type RequestRefusal } from "./request.js";
import { writePlainResponse, writeRefusal, writeResponse } from "./response.js";

/**
 * A fetch handler: takes a WHATWG `Request`, returns a `Response`. `server.fetch` of a Tessera
 * `AuthorizationServer` is one; so is `app.fetch` of a Hono app.
 */
export type FetchHandler = (request: Request) => Response | Promise<Response>;

/** A `node:http` request listener, for `http.createServer(listener)` or `server.on("request", …)`. */
export type RequestListener = (req: IncomingMessage, res: ServerResponse) => void;

/** Options of {@link createRequestListener} and {@link createServer}. */
export interface RequestListenerOptions {
  /**
   * The largest request body the adapter reads, in bytes: a transport-level cap that keeps an
   * oversize upload out of memory. A body that declares a larger `Content-Length` is answered
   * 413 without being read; a chunked body is answered 413 the moment it passes the limit.
   * Both 413 responses close the connection.
   *
   * This is not the OAuth limit. The Tessera core applies its own, smaller one (its
   * `maxBodyBytes`, 16 KiB by default) and answers it with a proper OAuth error response, so
   * keep this one at least as large.
   *
   * @defaultValue 1048576 (1 MiB)
   */
  readonly maxBodyBytes?: number | undefined;
  /**
   * How long the adapter waits for a request body, in milliseconds from when it starts reading
   * it: a client that trickles its body (slow loris) is answered 408 and its connection closed,
   * so it cannot hold memory or the request open. `0` waits forever.
   *
   * @defaultValue 10000
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
   * @defaultValue writes one short line naming the error's type with `console.error`
   */
  readonly onError?: ((error: unknown) => void) | undefined;
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
   * How long a client may take to send the request head, in milliseconds; past it `node:http`
   * answers 408 and closes the connection. At most `requestTimeout`.
   * @defaultValue 10000 (Node's own default is 60000)
   */
  readonly headersTimeout?: number | undefined;
  /**
   * How long a client may take to send the whole request, in milliseconds; past it `node:http`
   * answers 408 and closes the connection. `0` turns it off.
   * @defaultValue 30000 (Node's own default is 300000)
   */
  readonly requestTimeout?: number | undefined;
}

interface ResolvedOptions {
  readonly maxBodyBytes: number;
  readonly bodyTimeout: number;
  readonly onError: (error: unknown) => void;
}

const defaultMaxBodyBytes = 1024 * 1024;

/**
 * Serves a fetch handler from `node:http`: translates each `IncomingMessage` into a `Request`,
 * awaits the handler, and writes its `Response` back. The adapter decides nothing about what it
 * carries; the only answers of its own are a 400 for a request a `Request` cannot represent (a
 * missing or malformed `Host`, a request target that is not a URL), a 408 for a body that
 * outlasts `bodyTimeout`, a 413 for a body over `maxBodyBytes`, and a bare 500 when the handler
 * throws. None says more than its status.
 *
 * Given a Tessera server's own `fetch`, the adapter uses the plain entry point that function
 * carries instead: the same answers, without making a `Request` or reading a `Response` (on
 * Node 20 those cost more CPU than the rest of a token request), and with `setImmediate` handed
 * to the server so that the signatures of the token requests that arrive in one turn of the
 * event loop start together. Hooks that take a `Request` still get one.
 *
 * Throws a `TypeError` naming the argument for a handler or option that is not usable.
 *
 * @example
 * ```ts
 * import { createServer } from "node:http";
 * import { createRequestListener } from "@tessera/node";
 *
 * await server.ready;
 * createServer(createRequestListener(server.fetch)).listen(8080);
 * ```
 */
export function createRequestListener(handler: FetchHandler, options: RequestListenerOptions = {}): RequestListener {
  return listen(handler, resolveOptions(options));
}

/**
 * A `node:http` server for a fetch handler: {@link createRequestListener} on
 * `http.createServer()`, not yet listening, with bounds on request heads and slow clients (see
 * {@link ServerOptions}). It also answers `Expect: 100-continue`
 * (RFC 9110 §10.1.1) itself: a body declared larger than `maxBodyBytes` gets 413 instead of an
 * invitation to send it.
 *
 * @example
 * ```ts
 * import { createAuthorizationServer } from "@tessera/core";
 * import { createServer } from "@tessera/node";
 *
 * const server = createAuthorizationServer({ … });
 * await server.ready;
 * createServer(server.fetch).listen(8080, () => console.log("listening on :8080"));
 * ```
 */
export function createServer(handler: FetchHandler, options: ServerOptions = {}): Server {
  const resolved = resolveOptions(options);
  const listener = listen(handler, resolved);
  const server = createHttpServer(resolveServerOptions(options), listener);
  server.on("checkContinue", (req: IncomingMessage, res: ServerResponse) => {
    if (declaredLength(req) <= resolved.maxBodyBytes) res.writeContinue();
    listener(req, res);
  });
  return server;
}

function listen(handler: FetchHandler, options: ResolvedOptions): RequestListener {
  if (typeof handler !== "function") {
    throw invalidArgument("handler", "expected a function (request: Request) => Promise<Response>");
  }
  const { maxBodyBytes, bodyTimeout, onError } = options;

  function report(error: unknown): void {
    try {
      onError(error);
    } catch {
      // A failing hook must not turn one failed request into a crash.
    }
  }

  function refuse(req: IncomingMessage, res: ServerResponse, refusal: RequestRefusal): void {
    if (refusal === "aborted") return; // no one is left to answer
    // Let whatever is still arriving of an oversize or late body flow away until the socket closes.
    if (refusal === 413 || refusal === 408) req.resume();
    writeRefusal(res, refusal);
  }

  // A Tessera server's own `fetch` also takes plain data: the same answers without making a
  // `Request` or reading a `Response`, which on Node cost more than the rest of a token request.
  const plain = plainHandlerOf(handler);
  const serve = plain === undefined ? serveFetch : (req: IncomingMessage, res: ServerResponse) => servePlain(plain, req, res);

  async function serveFetch(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const request = await toRequest(req, maxBodyBytes, bodyTimeout);
    if (typeof request !== "object") {
      refuse(req, res, request);
      return;
    }

    let response: Response;
    try {
      response = await handler(request);
    } catch (error) {
      report(error);
      writeRefusal(res, 500);
      return;
    }

    try {
      await writeResponse(response, res, req.method === "HEAD");
    } catch (error) {
      report(error);
      writeRefusal(res, 500);
    }
  }

  async function servePlain(plain: PlainHandler, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const request = await toPlainRequest(req, maxBodyBytes, bodyTimeout);
    if (typeof request !== "object") {
      refuse(req, res, request);
      return;
    }

    let answer: PlainResponse;
    try {
      answer = await plain(request);
    } catch (error) {
      report(error);
      writeRefusal(res, 500);
      return;
    }

    try {
      writePlainResponse(answer, res, req.method === "HEAD");
    } catch (error) {
      report(error);
      writeRefusal(res, 500);
    }
  }

  return (req, res) => {
    serve(req, res).catch((error: unknown) => {
      // Not reached by design; if it were, the request must still end.
      report(error);
      res.destroy();
    });
  };
}

function resolveOptions(options: RequestListenerOptions): ResolvedOptions {
  if (typeof options !== "object" || options === null) {
    throw invalidArgument("options", "expected an object");
  }
  const maxBodyBytes = options.maxBodyBytes ?? defaultMaxBodyBytes;
  if (!Number.isSafeInteger(maxBodyBytes) || maxBodyBytes <= 0) {
    throw invalidArgument("maxBodyBytes", "must be a positive whole number of bytes");
  }
  const bodyTimeout = milliseconds(options, "bodyTimeout", 10_000);
  const onError = options.onError ?? defaultOnError;
  if (typeof onError !== "function") throw invalidArgument("onError", "expected a function");
  return Object.freeze({ maxBodyBytes, bodyTimeout, onError });
}

/** The `http.createServer()` options for the head and request limits. */
function resolveServerOptions(options: ServerOptions) {
  const maxHeaderSize = options.maxHeaderSize ?? 16 * 1024;
  if (!Number.isSafeInteger(maxHeaderSize) || maxHeaderSize <= 0) {
    throw invalidArgument("maxHeaderSize", "must be a positive whole number of bytes");
  }
  const requestTimeout = milliseconds(options, "requestTimeout", 30_000);
  const headersTimeout = milliseconds(options, "headersTimeout", 10_000);
  if (headersTimeout === 0 || (requestTimeout > 0 && headersTimeout > requestTimeout)) {
    throw invalidArgument("headersTimeout", "must be above 0 and at most requestTimeout");
  }
  // Node checks these timeouts on an interval (30 s by default): check often enough to enforce them.
  const connectionsCheckingInterval = Math.max(100, Math.min(30_000, Math.floor(headersTimeout / 4)));
  return { maxHeaderSize, requestTimeout, headersTimeout, connectionsCheckingInterval };
}

/** A whole number of milliseconds, zero or more, from `options[name]` or `fallback`. */
function milliseconds(options: ServerOptions, name: "bodyTimeout" | "requestTimeout" | "headersTimeout", fallback: number): number {
  const value = options[name] ?? fallback;
  if (!Number.isSafeInteger(value) || value < 0) throw invalidArgument(name, "must be a whole number of milliseconds, 0 or more");
  return value;
}

function defaultOnError(error: unknown): void {
  const kind = error instanceof Error ? error.name : typeof error;
  console.error(`@tessera/node: a request failed on the server side (${kind}); pass onError to handle it.`);
}

/** A `TypeError` naming the argument a caller got wrong, with a stable `code`. */
function invalidArgument(name: string, problem: string): TypeError {
  const error = new TypeError(`${name}: ${problem}`);
  Object.defineProperty(error, "code", { value: "ERR_INVALID_ARG_VALUE", enumerable: true });
  return error;
}
