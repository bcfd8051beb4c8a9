import type { IncomingMessage } from "node:http";
import { peerAddress, setPeerAddress } from "@tessera/core/adapter";

/**
 * The network address of the peer that sent a request this adapter translated: the socket's
 * `remoteAddress` (the proxy's, behind a reverse proxy), or `undefined` for a `Request` from
 * elsewhere. The same as `peerAddress` of `@tessera/core/adapter`, which the lockout reads by
 * default; for a `callerKey` of your own that falls back to it:
 *
 * ```ts
 * createAuthorizationServer({
 *   …,
 *   lockout: { callerKey: (request) => request.headers.get("x-real-ip") ?? clientAddress(request) },
 * });
 * ```
 *
 * Behind a proxy, every request has the proxy's address: read the proxy's own forwarding header
 * instead, and only if the proxy sets it (a client can send any header).
 */
export function clientAddress(request: Request): string | undefined {
  return peerAddress(request);
}

/** Tells the core the peer of `req`, for {@link clientAddress} and the lockout; weakly, with the `Request`. */
export function rememberClientAddress(request: Request, req: IncomingMessage): void {
  const address = req.socket?.remoteAddress;
  if (address !== undefined) setPeerAddress(request, address);
}
