import type { AuthorizationServerEvents, KeyChangedEvent } from "@tessera/core";
import { peerAddress } from "@tessera/core/adapter";

/** Writes one line of the log; `console.log` by default (stdout). */
export type WriteLine = (line: string) => void;

/** {@link WriteLine} that gathers lines and writes them together, from {@link batchedLines}. */
export interface BatchedLines extends WriteLine {
  /** Writes the lines gathered so far, now: call it when the process exits (`process.on("exit", lines.flush)`). */
  readonly flush: () => void;
}

/**
 * Lines gathered during one turn of the event loop and handed to `write` as one text (each line
 * ending with `\n`), or sooner once 64 KiB are waiting. Under load that is one write for many
 * requests instead of one each (on Node a write to a pipe or a file is a synchronous system
 * call), as loggers such as pino do; bench/PROFILE.md measures it against a `console.log` per
 * line. A line waits at most one timer tick; the lines of a process that exits need
 * {@link BatchedLines.flush}.
 */
export function batchedLines(write: (text: string) => void): BatchedLines {
  let waiting = "";
  let timer: ReturnType<typeof setTimeout> | undefined;
  const flush = () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    if (waiting === "") return;
    const text = waiting;
    waiting = "";
    write(text);
  };
  const line = (text: string) => {
    waiting += `${text}\n`;
    if (waiting.length >= 65_536) flush();
    else timer ??= setTimeout(flush, 0);
  };
  return Object.assign(line, { flush });
}

/** A request answered outside the authorization server (the demo resource), for {@link RequestLog.request}. */
export interface LoggedRequest {
  readonly method: string;
  /** The path, without the query (which may carry a token). */
  readonly path: string;
  readonly status: number;
  /** Seconds from arrival to answer. */
  readonly duration: number;
  /** The client whose access token was accepted. */
  readonly clientId?: string | undefined;
  /** The request, for its id (`X-Request-Id`) and its peer's address. */
  readonly request?: Request | undefined;
  /** Its `X-Request-Id` header, where there is no `Request` (node:http). */
  readonly requestId?: string | null | undefined;
  /** Its peer's address, when the core was not told it with the `Request`. */
  readonly caller?: string | undefined;
}

/** The examples' log: one JSON object per line, for every request and every security event. */
export interface RequestLog {
  /** Hooks for the authorization server's `events`: they write the lines of its requests and events. */
  readonly events: AuthorizationServerEvents;
  /** Writes the line of a request answered outside the authorization server. */
  request(request: LoggedRequest): void;
}

/**
 * The examples' log, on the core's `events` (copy it, or write your own on the same hooks):
 *
 * - a line per request: `{"time","level":"info","event":"request","request_id","method","path",
 *   "status","duration_ms","caller","client_id","grant_type","error"}` (the last four when known:
 *   `client_id` is the authenticated client, `error` the OAuth error code);
 * - a line per security event, `level` `warn` or `info`: `client_authentication_failed`
 *   (`endpoint`, the `client_id` as presented, unverified, `caller`), `lockout_started`
 *   (`client_id` and/or `caller`, `until`), `token_revoked` (`client_id`, `jti`), `key_added`,
 *   `key_activated`, `key_retired` (`kid`, `alg`).
 *
 * Identifiers only: never a secret, a token, an assertion, a DPoP proof, a header or a query
 * string. `request_id` is the request's `X-Request-Id` when it is a plain token of at most 128
 * characters (a proxy's), else a random UUID; the lines of one request share it. `caller` is the
 * peer's address as the adapter told the core. Strings the client chose (a presented client id)
 * are cut to 256 characters; JSON escapes the rest.
 */
export function createRequestLog(write: WriteLine = (line) => console.log(line), now: () => number = Date.now): RequestLog {
  // By the request's headers, the same object in every event of one request: the events' `request`
  // is never read, as an adapter's plain path would make a `Request` for it.
  const ids = new WeakMap<Headers, string>();
  const idOf = (headers: Headers) => {
    let id = ids.get(headers);
    if (id === undefined) ids.set(headers, (id = requestId(headers.get("x-request-id"))));
    return id;
  };
  const line = (level: "info" | "warn", event: string, fields: Record<string, unknown>) =>
    write(JSON.stringify({ time: new Date(now()).toISOString(), level, event, ...fields }));
  const key = (event: string) => ({ kid, alg }: KeyChangedEvent) => line("info", event, { kid, alg });

  return {
    events: {
      requestCompleted: ({ headers, peerAddress: caller, method, path, status, duration, clientId, grantType, error }) =>
        line("info", "request", {
          request_id: idOf(headers),
          ...requestFields(method, path, status, duration, caller, clientId),
          grant_type: grantType,
          error,
        }),
      clientAuthenticationFailed: ({ headers, peerAddress: caller, endpoint, clientId }) =>
        line("warn", "client_authentication_failed", { request_id: idOf(headers), endpoint, client_id: cut(clientId), caller }),
      lockoutStarted: ({ headers, clientId, caller, until }) =>
        line("warn", "lockout_started", { request_id: idOf(headers), client_id: cut(clientId), caller, until: new Date(until * 1000).toISOString() }),
      tokenRevoked: ({ headers, clientId, jti }) => line("info", "token_revoked", { request_id: idOf(headers), client_id: clientId, jti }),
      keyAdded: key("key_added"),
      keyActivated: key("key_activated"),
      keyRetired: key("key_retired"),
    },
    request: ({ method, path, status, duration, clientId, request, requestId: header, caller }) =>
      line("info", "request", {
        request_id: request === undefined ? requestId(header) : idOf(request.headers),
        ...requestFields(method, path, status, duration, caller ?? (request && peerAddress(request)), clientId),
      }),
  };
}

function requestFields(method: string, path: string, status: number, duration: number, caller: string | undefined, clientId: string | undefined) {
  return { method, path: cut(path), status, duration_ms: Math.round(duration * 1e6) / 1e3, caller, client_id: clientId };
}

/** A proxy's request id when it is a plain token, else a new one. */
function requestId(header: string | null | undefined): string {
  return header !== null && header !== undefined && /^[\w.:@-]{1,128}$/.test(header) ? header : crypto.randomUUID();
}

function cut(value: string | undefined): string | undefined {
  return value === undefined || value.length <= 256 ? value : `${value.slice(0, 256)}…`;
}
