import type { IncomingMessage, ServerResponse } from "node:http";
import { absoluteUrl } from "./request.js";
import { writeResponse } from "./response.js";

/**
 * The request as a resource server needs to see it, for a framework that hands you Node's
 * `IncomingMessage` (Express, Koa, Fastify's `request.raw`, NestJS): its method and absolute URL
 * (what a DPoP proof's `htm` and `htu` name, RFC 9449 §4.3), and every `Authorization` and `DPoP`
 * line as sent, without the body, so nothing reads the body the application is to read. Pass it
 * to `resourceServer.authorize(request, scopes)`.
 *
 * The URL is the one the client asked for, on `https` for a TLS socket: `target` when you pass it
 * (Koa's `ctx.originalUrl`), else the `originalUrl` that Express and Connect keep when a router
 * rewrites `req.url`, else `req.url`. `undefined` when the request has no usable `Host` (answer
 * it 400).
 *
 * @example
 * ```ts
 * const request = authorizationRequest(req);
 * if (request === undefined) return res.status(400).end();
 * res.locals.principal = await resourceServer.authorize(request, ["invoices:read"]);
 * ```
 */
export function authorizationRequest(req: IncomingMessage, target?: string): Request | undefined {
  const original = (req as { originalUrl?: unknown }).originalUrl;
  const url = absoluteUrl(req, target ?? (typeof original === "string" ? original : req.url));
  if (url === undefined) return undefined;
  const raw = req.rawHeaders;
  const headers: [string, string][] = [];
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i] as string;
    if ((name.length === 13 && name.toLowerCase() === "authorization") || (name.length === 4 && name.toLowerCase() === "dpop")) {
      headers.push([name, raw[i + 1] as string]);
    }
  }
  try {
    return new Request(url, { method: req.method ?? "GET", headers });
  } catch {
    return undefined; // a method or value a Request cannot hold
  }
}

/**
 * Writes a WHATWG `Response` (an `OAuthError`'s `toResponse()`, a Tessera endpoint's answer) to
 * Node's `ServerResponse` exactly: its status, every header (`WWW-Authenticate`,
 * `Cache-Control: no-store`, …) and its body, none for a HEAD request. Rejects if the body stream
 * fails or Node refuses a header.
 */
export function sendResponse(res: ServerResponse, response: Response): Promise<void> {
  return writeResponse(response, res, res.req?.method === "HEAD");
}
