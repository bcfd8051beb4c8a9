import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { invalidOption, plainEntryPointOf, type PlainHandler, type PlainRequest, type PlainResponse } from "@tessera/core/adapter";
import { resolveListenerOptions, resolveServerOptions, type RequestListenerOptions, type ResolvedListenerOptions, type ServerOptions } from "./options.js";
import { declaredLength, toPlainRequest, toRequest, type ReadLimits, type RequestRefusal } from "./request.js";
import { writePlainResponse, writeRefusal, writeResponse } from "./response.js";
import { handleShutdown, trackRequests } from "./shutdown.js";

/**
 * A fetch handler: takes a WHATWG `Request`, returns a `Response`. `server.fetch` of a Tessera
 * `AuthorizationServer` is one; so is `app.fetch` of a Hono app.
 */
export type FetchHandler = (request: Request) => Response | Promise<Response>;

/** A `node:http` request listener, for `http.createServer(listener)` or `server.on("request", …)`. */
export type RequestListener = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * Serves a fetch handler from `node:http`: translates each `IncomingMessage` into a `Request`,
 * awaits the handler, and writes its `Response` back. The adapter decides nothing about what it
 * carries; the only answers of its own are a 400 for a request a `Request` cannot represent (a
 * missing or malformed `Host`, a request target that is not a URL), a 408 for a body that
 * outlasts `bodyTimeout`, a 413 for a body over `maxBodyBytes`, a 431 for more header fields than
 * `maxHeaderCount`, and a bare 500 when the handler throws. None says more than its status.
 *
 * Given a Tessera server's own `fetch`, the adapter uses its plain entry point instead
 * (`plainEntryPointOf` of `@tessera/core/adapter`): the same answers, without making a `Request`
 * or reading a `Response`, a body cap no larger than the server's own, and `setImmediate` handed
 * to the server so that the signatures of the token requests that arrive in one turn of the event
 * loop start together. Hooks that take a `Request` still get one.
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
  return listenerFor(handler, resolveListenerOptions(options)).listener;
}

/**
 * A `node:http` server for a fetch handler: {@link createRequestListener} on
 * `http.createServer()`, not yet listening, with bounds on request heads and slow clients (see
 * {@link ServerOptions}). It also answers `Expect: 100-continue` (RFC 9110 §10.1.1) itself: a
 * body declared larger than `maxBodyBytes` gets 413 instead of an invitation to send it.
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
  const resolved = resolveListenerOptions(options);
  const { listener, limits } = listenerFor(handler, resolved);
  const server = createListenerServer(listener, options);
  server.on("checkContinue", (req: IncomingMessage, res: ServerResponse) => {
    if (declaredLength(req) <= limits.maxBodyBytes) res.writeContinue();
    listener(req, res);
  });
  return server;
}

/**
 * A `node:http` server for a request listener of your own (one that routes between
 * {@link createRequestListener} and {@link authorize}, or a framework's app), not yet listening:
 * the head limits and timeouts of {@link ServerOptions} and its graceful `shutdown`. The body
 * limits are the listener's own (those of `createRequestListener`, for the requests it gets).
 *
 * @example
 * ```ts
 * const endpoints = createRequestListener(server.fetch);
 * const whoami = authorize(resourceServer, (req, res, principal) => void res.end(principal.clientId));
 * createListenerServer((req, res) => (req.url === "/whoami" ? whoami : endpoints)(req, res), { shutdown: true }).listen(8080);
 * ```
 */
export function createListenerServer(listener: RequestListener, options: ServerOptions = {}): Server {
  if (typeof listener !== "function") throw invalidOption("listener", "expected a function (req, res) => void");
  const { maxHeaderCount, onError } = resolveListenerOptions(options);
  const { maxHeadersCount, ...serverOptions } = resolveServerOptions(options, maxHeaderCount);
  const server = createHttpServer(serverOptions);
  trackRequests(server); // before the listener, so that a request during a shutdown is told Connection: close
  server.on("request", listener);
  server.maxHeadersCount = maxHeadersCount;
  handleShutdown(server, options.shutdown, onError);
  return server;
}

/** How a listener reads a request, has it answered, and writes the answer: chosen once. */
interface Pipeline<In, Out> {
  read(req: IncomingMessage, limits: ReadLimits): Promise<In | RequestRefusal>;
  answer(request: In): Promise<Out>;
  write(answer: Out, res: ServerResponse, head: boolean): void | Promise<void>;
}

/** The transport body cap for any handler that is not a Tessera server's `fetch`. */
const defaultMaxBodyBytes = 1024 * 1024;

function listenerFor(handler: FetchHandler, options: ResolvedListenerOptions): { listener: RequestListener; limits: ReadLimits } {
  if (typeof handler !== "function") {
    throw invalidOption("handler", "expected a function (request: Request) => Promise<Response>");
  }
  const plain = plainEntryPointOf(handler);
  const own = plain?.maxBodyBytes ?? defaultMaxBodyBytes;
  const limits: ReadLimits = {
    maxBodyBytes: Math.min(own, options.maxBodyBytes ?? own),
    maxHeaderCount: options.maxHeaderCount,
    bodyTimeoutMs: options.bodyTimeoutMs,
  };
  const listener =
    plain === undefined ? listen(fetchPipeline(handler), limits, options) : listen(plainPipeline(plain.handle), limits, options);
  return { listener, limits };
}

function fetchPipeline(handler: FetchHandler): Pipeline<Request, Response> {
  return { read: toRequest, answer: async (request) => handler(request), write: writeResponse };
}

function plainPipeline(plain: PlainHandler): Pipeline<PlainRequest, PlainResponse> {
  return { read: toPlainRequest, answer: plain, write: writePlainResponse };
}

function listen<In, Out>(pipeline: Pipeline<In, Out>, limits: ReadLimits, { onError }: ResolvedListenerOptions): RequestListener {
  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const request = await pipeline.read(req, limits);
    if (typeof request !== "object" || request === null) {
      if (request === "consumed") onError(consumedBody(), undefined);
      refuse(req, res, request as RequestRefusal);
      return;
    }
    let answer: Out;
    try {
      answer = await pipeline.answer(request);
    } catch (error) {
      onError(error, undefined);
      writeRefusal(res, 500);
      return;
    }
    try {
      await pipeline.write(answer, res, req.method === "HEAD");
    } catch (error) {
      onError(error, undefined);
      writeRefusal(res, 500);
    }
  }

  return (req, res) => {
    serve(req, res).catch((error: unknown) => {
      // Not reached by design; if it were, the request must still end.
      onError(error, undefined);
      res.destroy();
    });
  };
}

/** The mistake behind a `"consumed"` request, for `onError`. */
function consumedBody(): TypeError {
  return new TypeError(
    "@tessera/node: the request body was read before the listener (a body parser mounted ahead of it?); mount the listener first",
  );
}

function refuse(req: IncomingMessage, res: ServerResponse, refusal: RequestRefusal): void {
  if (refusal === "aborted") return; // no one is left to answer
  if (refusal === "consumed") {
    writeRefusal(res, 500);
    return;
  }
  // Let whatever is still arriving of an oversize or late body flow away until the socket closes.
  if (refusal === 413 || refusal === 408 || refusal === 431) req.resume();
  writeRefusal(res, refusal);
}
