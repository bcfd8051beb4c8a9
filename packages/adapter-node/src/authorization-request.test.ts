import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from "node:http";
import { OAuthError } from "@tessera/core";
import { afterEach, describe, expect, it } from "vitest";
import { authorizationRequest, sendResponse } from "./index.js";

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

/** A node:http server answering with what `handle` makes of each request. */
async function serve(handle: (req: IncomingMessage, res: ServerResponse) => Promise<void>): Promise<string> {
  const server = createHttpServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  close = () => new Promise((resolve) => (server.closeAllConnections(), server.close(() => resolve())));
  return `http://127.0.0.1:${(server.address() as { port: number }).port}`;
}

describe("authorizationRequest", () => {
  it("carries the method, the URL as the client asked for it, and every Authorization and DPoP line, no body", async () => {
    let seen: Request | undefined;
    const origin = await serve(async (req, res) => {
      // What Express does under a router mounted at /api: req.url loses the prefix, originalUrl keeps it.
      Object.assign(req, { originalUrl: req.url, url: (req.url ?? "").replace(/^\/api/, "") });
      seen = authorizationRequest(req);
      res.end();
    });
    await fetch(`${origin}/api/orders?x=1`, {
      method: "POST",
      headers: { authorization: "DPoP abc", dpop: "proof", cookie: "c=1", "content-type": "text/plain" },
      body: "the application's body",
    });
    expect(seen?.method).toBe("POST");
    expect(seen?.url).toBe(`${origin}/api/orders?x=1`);
    const headers: [string, string][] = [];
    seen?.headers.forEach((value, name) => headers.push([name, value]));
    expect(headers).toEqual([["authorization", "DPoP abc"], ["dpop", "proof"]]);
    expect(seen?.body).toBeNull();
  });

  it("is undefined for a request without a usable Host", async () => {
    const results: unknown[] = [];
    const origin = await serve(async (req, res) => {
      req.headers.host = "evil.example/path";
      req.rawHeaders.splice(0, req.rawHeaders.length, "Host", "evil.example/path");
      results.push(authorizationRequest(req));
      res.end();
    });
    await fetch(origin);
    expect(results).toEqual([undefined]);
  });
});

describe("sendResponse", () => {
  it("writes an OAuthError's response exactly: status, challenge, no-store, JSON; no body to a HEAD", async () => {
    const origin = await serve((req, res) => sendResponse(res, OAuthError.invalidToken("The access token expired.", "api").toResponse()));
    const response = await fetch(origin);
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toBe('Bearer realm="api", error="invalid_token", error_description="The access token expired."');
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(await response.json()).toEqual({ error: "invalid_token", error_description: "The access token expired." });
    const head = await fetch(origin, { method: "HEAD" });
    expect([head.status, await head.text()]).toEqual([401, ""]);
  });
});
