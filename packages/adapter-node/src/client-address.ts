import type { IncomingMessage } from "node:http";

const addresses = new WeakMap<Request, string>();

/**
 * The network address of the peer that sent a request this adapter translated: the socket's
 * `remoteAddress` (the proxy's, behind a reverse proxy), or `undefined` for a `Request` from
 * elsewhere. For the core's `callerKey` option, so that failed client authentications are also
 * counted per caller:
 *
 * ```ts
 * createAuthorizationServer({ …, callerKey: clientAddress });
 * ```
 *
 * Behind a proxy, every request has the proxy's address: read the proxy's own forwarding header
 * instead, and only if the proxy sets it (a client can send any header).
 */
export function clientAddress(request: Request): string | undefined {
  return addresses.get(request);
}

/** Remembers the peer of `req` for {@link clientAddress}; weakly, with the `Request`. */
export function rememberClientAddress(request: Request, req: IncomingMessage): void {
  const address = req.socket?.remoteAddress;
  if (address !== undefined) addresses.set(request, address);
}
