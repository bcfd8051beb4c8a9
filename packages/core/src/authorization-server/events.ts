/**
 * Typed hooks told about what the authorization server does, in the spirit of the league's
 * event emitter: for audit logs, metrics, alerting and lockout policies.
 *
 * A hook is called synchronously, at the point the event happens, and never awaited: the
 * response does not wait for a returned promise. A hook that throws, or whose promise rejects,
 * is reported to `onError` and otherwise ignored; it never changes a response. Events carry
 * identifiers (`client_id`, `jti`), never a secret or a token.
 */
import type { IncomingRequest } from "../http/exchange.js";
import type { FormRequest } from "../http/form-request.js";
import { invalidOption } from "../lib/checks.js";
import { OAuthError } from "../protocol/errors.js";
import type { ErrorHook } from "../protocol/faults.js";
import type { SigningAlgorithm } from "../tokens/keys.js";
import { presentedClientId } from "./client-auth/credentials.js";
import type { AccessTokenRecord } from "./audit.js";
import type { EndpointPaths } from "./paths.js";

/** The endpoints that authenticate clients. */
export type ClientEndpoint = "token" | "revocation" | "introspection";

/**
 * What every event about a request carries. `headers` and `peerAddress` cost nothing to read;
 * `request` is made on first use when the request did not arrive as a `Request` (an adapter's
 * plain path), which costs about as much as the rest of a token request: a hook on every request
 * reads the first two.
 */
export interface RequestEvent {
  /** The request's headers, as received: the same object in every event of one request (a key for a `WeakMap`). */
  readonly headers: Headers;
  /** The peer's network address, as the adapter told it (`setPeerAddress`); `undefined` when unknown. */
  readonly peerAddress: string | undefined;
  /** The request; its body has been read. */
  readonly request: Request;
}

/** A client failed to authenticate (answered `invalid_client`, RFC 6749 §5.2). */
export interface ClientAuthenticationFailedEvent extends RequestEvent {
  readonly endpoint: ClientEndpoint;
  /**
   * The client id the request presented (form body or Basic credentials), unverified: it may
   * name no client at all. `undefined` when the request presented none.
   */
  readonly clientId: string | undefined;
}

/** An access token was issued: its record (as the `audit` hook gets it), with the grant type and the request. */
export interface AccessTokenIssuedEvent extends AccessTokenRecord, RequestEvent {
  readonly grantType: string;
  /** Seconds spent signing the token. */
  readonly signingTime: number;
}

/** The endpoints of a server, by the names of {@link EndpointPaths}. */
export type EndpointName = keyof EndpointPaths;

/**
 * A request was answered by `server.fetch` or one of the `respondTo…` methods (the answer made,
 * not yet sent): what an access log or a request metric needs, identifiers only.
 */
export interface RequestCompletedEvent extends RequestEvent {
  /** The endpoint that answered; `undefined` for a path without one (answered 404). */
  readonly endpoint: EndpointName | undefined;
  readonly method: string;
  /** The request's path, without its query. */
  readonly path: string;
  /**
   * The URL the request came to, query included: for its scheme or host, never to be logged
   * whole (a query may carry a token).
   */
  readonly url: string;
  readonly status: number;
  /** The OAuth error code of an error answer (`invalid_client`, …). */
  readonly error: string | undefined;
  /** The authenticated client; `undefined` before or without authentication. */
  readonly clientId: string | undefined;
  /** The grant type of a token request, when the server supports it. */
  readonly grantType: string | undefined;
  /** Seconds from the request's arrival at the server to its answer, its body read included. */
  readonly duration: number;
}

/**
 * A lockout key reached `lockout.maxFailures` (or `maxCallerFailures`): from now until `until`,
 * its requests are refused with 429 (RFC 6819 §5.1.4.2.3). Told once per window, by the failure
 * that reached the limit.
 */
export interface LockoutStartedEvent extends RequestEvent {
  /** The client id locked out (as presented, or as the client it resolved to); `undefined` when a caller is locked out for every client id. */
  readonly clientId: string | undefined;
  /** The caller (the `callerKey` value, by default the peer's address); `undefined` when a client id is locked out for every caller. */
  readonly caller: string | undefined;
  /** When the lockout ends, in seconds since the epoch. */
  readonly until: number;
}

/** A signing key was added to the key set, made the one that signs (also the first, at start-up), or retired. */
export interface KeyChangedEvent {
  /** The key's `kid`, its RFC 7638 thumbprint. */
  readonly kid: string;
  readonly alg: SigningAlgorithm;
}

/** A client revoked one of its access tokens (RFC 7009). */
export interface TokenRevokedEvent extends RequestEvent {
  readonly clientId: string;
  readonly jti: string;
}

/** A client introspected a token (RFC 7662). */
export interface IntrospectionPerformedEvent extends RequestEvent {
  /** The authenticated caller. */
  readonly clientId: string;
  /** What the caller was told. */
  readonly active: boolean;
  /** The token's `jti` when active; `undefined` otherwise, as the caller learnt nothing. */
  readonly jti: string | undefined;
}

/** A hook: anything it returns is ignored, a rejected promise reported. */
export type EventHook<E> = (event: E) => void | Promise<void>;

/** The `events` option: a hook per event, each optional. */
export interface AuthorizationServerEvents {
  readonly clientAuthenticationFailed?: EventHook<ClientAuthenticationFailedEvent> | undefined;
  readonly accessTokenIssued?: EventHook<AccessTokenIssuedEvent> | undefined;
  readonly tokenRevoked?: EventHook<TokenRevokedEvent> | undefined;
  readonly introspectionPerformed?: EventHook<IntrospectionPerformedEvent> | undefined;
  readonly requestCompleted?: EventHook<RequestCompletedEvent> | undefined;
  readonly lockoutStarted?: EventHook<LockoutStartedEvent> | undefined;
  readonly keyAdded?: EventHook<KeyChangedEvent> | undefined;
  readonly keyActivated?: EventHook<KeyChangedEvent> | undefined;
  readonly keyRetired?: EventHook<KeyChangedEvent> | undefined;
}

/** The names of the events. */
export const eventNames: readonly (keyof AuthorizationServerEvents)[] = Object.freeze([
  "clientAuthenticationFailed",
  "accessTokenIssued",
  "tokenRevoked",
  "introspectionPerformed",
  "requestCompleted",
  "lockoutStarted",
  "keyAdded",
  "keyActivated",
  "keyRetired",
]);

/**
 * Calls `hook` with the event `makeEvent` makes, without awaiting it: a throw or a rejection
 * goes to `report` (the server's `onError`, which must not throw) with the event's request. The
 * event is made only when there is a hook, so its `Request` is too.
 */
export function emit<E>(
  hook: EventHook<E> | undefined,
  makeEvent: () => E,
  report: ErrorHook,
): void {
  if (hook === undefined) return;
  const event = makeEvent();
  const reportError = (error: unknown) => report(error, (event as { readonly request?: Request }).request);
  try {
    const result = hook(event);
    if (result !== undefined && typeof (result as Promise<void>).then === "function") {
      (result as Promise<void>).then(undefined, reportError);
    }
  } catch (error) {
    reportError(error);
  }
}

/**
 * `fields`, made an event about `request`: its headers and peer address, and the `Request` made
 * only if a hook reads it.
 */
export function aboutRequest<F extends object>(fields: F, request: IncomingRequest): F & RequestEvent {
  // One object literal: with `Object.defineProperties` on `fields`, a hook on every request cost
  // a third more instructions than it does now (bench/PROFILE.md, "Fifth run").
  return {
    ...fields,
    headers: request.headers,
    peerAddress: request.peerAddress,
    get request() {
      return request.toRequest();
    },
  };
}

/**
 * Tells `clientAuthenticationFailed` about a request answered `invalid_client`, with the client id
 * it presented; nothing for any other error, or before the form was read.
 */
export function emitClientAuthenticationFailed(
  events: AuthorizationServerEvents,
  error: unknown,
  endpoint: ClientEndpoint,
  form: FormRequest | undefined,
  request: IncomingRequest,
  report: ErrorHook,
): void {
  const hook = events.clientAuthenticationFailed;
  if (hook === undefined || form === undefined || !(error instanceof OAuthError) || error.code !== "invalid_client") return;
  emit(hook, () => aboutRequest({ endpoint, clientId: presentedClientId(form) }, request), report);
}

/** Validates the `events` option: known event names, each a function. */
export function resolveEvents(events: unknown): AuthorizationServerEvents {
  if (events === undefined) return Object.freeze({});
  if (typeof events !== "object" || events === null) throw invalidOption("events", "expected an object of hooks");
  for (const [name, hook] of Object.entries(events)) {
    if (!eventNames.includes(name as keyof AuthorizationServerEvents)) {
      throw invalidOption("events", `unknown event ${JSON.stringify(name)}; expected ${eventNames.join(", ")}`);
    }
    if (hook !== undefined && typeof hook !== "function") throw invalidOption(`events.${name}`, "expected a function");
  }
  return Object.freeze({ ...(events as AuthorizationServerEvents) });
}
