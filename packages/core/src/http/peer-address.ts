/** The peer address of each `Request` an adapter made or was handed, by the request. */
const addresses = new WeakMap<Request, string>();

/**
 * Records the network address of the peer that sent `request` (the socket's remote address; the
 * proxy's, behind a reverse proxy), for the lockout's default `callerKey`. Runtime adapters call
 * it: `@tessera/node` and `@tessera/hono` on Node do; on Deno pass `info.remoteAddr.hostname`, on
 * Bun `server.requestIP(request)?.address`, on Workers the `CF-Connecting-IP` header, which
 * Cloudflare sets. Held weakly, with the request.
 */
export function setPeerAddress(request: Request, address: string): void {
  if (typeof address === "string" && address !== "") addresses.set(request, address);
}

/**
 * The peer address an adapter recorded for `request` with {@link setPeerAddress}, or `undefined`.
 * The lockout's default `callerKey`.
 */
export function peerAddress(request: Request): string | undefined {
  return addresses.get(request);
}
