/**
 * The request with the URL its client sent. Next.js names a host of its own in `request.url`
 * (`localhost`, whatever the `Host` line said), while a DPoP proof's `htu` names the URL the
 * client used (RFC 9449 §4.3): the resource server must see that one. Behind a proxy that
 * terminates TLS, the scheme is the proxy's to state: set `url.protocol` to what clients use.
 */
export function requestAsSent(request: Request): Request {
  const host = request.headers.get("host");
  if (host === null) return request;
  const url = new URL(request.url);
  url.host = host;
  return new Request(url, request);
}
