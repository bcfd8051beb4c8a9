import { readBody, tooLarge } from "./body.js";
import { peerAddress, setPeerAddress } from "./peer-address.js";

/**
 * A request as the server's endpoints read it: what they use of a WHATWG `Request`, with the
 * body read on demand. It comes from a `Request` ({@link fromRequest}) or from the plain data a
 * runtime adapter hands to the server's plain entry point ({@link fromPlainRequest}).
 */
export interface IncomingRequest {
  readonly method: string;
  /** The absolute URL, serialised as `Request.url` is. */
  readonly url: string;
  readonly headers: Headers;
  /** The body, at most `limit` bytes; rejects with a 413 `OAuthError` past it. Read once. */
  readBody(limit: number): Promise<Uint8Array>;
  /**
   * The request as a `Request`, for the hooks that take one (`callerKey`, events, `onError`).
   * A function property, to be passed on as it is.
   */
  readonly toRequest: () => Request;
  /** See {@link PlainRequest.defer}; `undefined` on the `Request` path. */
  readonly defer: Defer | undefined;
  /** The peer's network address, as the adapter told it (see `setPeerAddress`); `undefined` when unknown. */
  readonly peerAddress: string | undefined;
  /** What the server learnt while answering, for the `requestCompleted` event; filled in as it goes. */
  readonly notes: RequestNotes;
}

/** What the server learnt of a request while answering it. */
export interface RequestNotes {
  /** The authenticated client. */
  clientId?: string;
  /** The grant type of a token request, when the server supports it. */
  grantType?: string;
  /** The OAuth error code of the answer, when it is an error. */
  error?: string;
}

/** Runs `task` once the runtime has run the callbacks of the I/O ready in this turn of its event loop. */
export type Defer = (task: () => void) => void;

/**
 * The plain entry point's request: a request already taken apart by a runtime adapter, which
 * has checked everything `new Request(url, { method, headers, body })` checks (the URL, the
 * method, the headers) and refused what it would refuse.
 */
export interface PlainRequest {
  readonly method: string;
  /** The absolute URL, serialised as `Request.url` would be (`new URL(url).href`). */
  readonly url: string;
  readonly headers: Headers;
  /** The whole body, already read; `undefined` when the request has none. */
  readonly body: Uint8Array | undefined;
  /**
   * Called with the `Request` the server makes from this one, if it needs one for a hook: where
   * an adapter attaches what it knows of the request besides its content (the peer's address).
   */
  readonly onRequest?: ((request: Request) => void) | undefined;
  /**
   * The runtime's way to run a task after the I/O callbacks of the current turn of its event
   * loop (on Node, `setImmediate`). With it, the server starts the signatures of the token
   * requests that arrived in one turn together, after all of them are parsed, so that signing
   * threads preempt the main thread about once per batch rather than once per token. Without it,
   * each signature starts at once.
   */
  readonly defer?: Defer | undefined;
  /**
   * The network address of the peer (the socket's remote address), for the lockout's default
   * `callerKey`; also recorded for the `Request` the server makes (see `peerAddress`).
   */
  readonly peerAddress?: string | undefined;
}

/** The plain entry point's answer: a response before it becomes a `Response`. */
export interface PlainResponse {
  readonly status: number;
  /** Header names in lower case, each once. No `Content-Length`: the body's length is its own. */
  readonly headers: Readonly<Record<string, string>>;
  /** The body text (UTF-8 on the wire), or `null` for none. */
  readonly body: string | null;
}

/** The plain entry point: a fetch handler's routing on plain data, for runtime adapters. */
export type PlainHandler = (request: PlainRequest) => Promise<PlainResponse>;

/** An {@link IncomingRequest} reading a `Request`: the server's own entry points use it. */
export function fromRequest(request: Request): IncomingRequest {
  return {
    method: request.method,
    url: request.url,
    headers: request.headers,
    readBody: (limit) => readBody(request, limit),
    toRequest: () => request,
    defer: undefined,
    peerAddress: peerAddress(request),
    notes: {},
  };
}

/**
 * An {@link IncomingRequest} over a {@link PlainRequest}. Its `Request` is made on first use, for
 * a hook, and is then what a hook gets on the `Request` path: the same method, URL and headers,
 * and a body already read (`bodyUsed`), since no hook is called before the server reads it.
 */
export function fromPlainRequest(plain: PlainRequest): IncomingRequest {
  const { method, url, headers, body, defer, peerAddress: peer } = plain;
  let request: Request | undefined;
  return {
    method,
    url,
    headers,
    defer,
    peerAddress: peer,
    notes: {},
    async readBody(limit) {
      if (body === undefined) return new Uint8Array(0);
      if (body.byteLength > limit) throw tooLarge();
      return body;
    },
    toRequest: () => {
      if (request === undefined) {
        const init = body === undefined ? { method, headers } : { method, headers, body: body as Uint8Array<ArrayBuffer> };
        request = new Request(url, init);
        if (body !== undefined) request.arrayBuffer().catch(() => {});
        if (peer !== undefined) setPeerAddress(request, peer);
        plain.onRequest?.(request);
      }
      return request;
    },
  };
}

/** A `Response` with the answer's status, headers and body. */
export function toResponse({ status, headers, body }: PlainResponse): Response {
  return new Response(body, { status, headers });
}

/** An endpoint: answers a request with plain data, whichever way the request arrived. */
export type Endpoint = (request: IncomingRequest) => Promise<PlainResponse>;

/** A fetch handler over an endpoint: the public shape of each endpoint. */
export function toFetchHandler(endpoint: Endpoint): (request: Request) => Promise<Response> {
  return async (request) => toResponse(await endpoint(fromRequest(request)));
}
