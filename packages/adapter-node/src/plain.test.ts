/**
 * A Tessera server's own `fetch` is served on its plain entry point, without `Request` and
 * `Response`. The answers on the wire are those of the `Request` path, byte for byte but the
 * order of the headers, and the adapter refuses with 400 what `new Request` would refuse.
 */
import * as tessera from "@tessera/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AuthorizationServer } from "@tessera/core";
import { basicAuthorization } from "@tessera/core/testing";
import { createScenarioServer, scenarioClients } from "@tessera/conformance/tables";
import { clientAddress } from "./index.js";
import { plainEntryPointOf, registerPlainEntryPoint, type PlainRequest, type PlainResponse } from "@tessera/core/adapter";
import { exchange, listen, type Listening, type RawResponse } from "./wire.test.helpers.js";

const { service } = scenarioClients;
const form = "application/x-www-form-urlencoded";
const issued: Request[] = [];

let core: AuthorizationServer;
let plain: Listening;
let viaRequest: Listening;

beforeAll(async () => {
  core = await createScenarioServer(tessera, {
    issuer: "http://localhost",
    events: { accessTokenIssued: ({ request }) => void issued.push(request) },
  });
  await core.ready;
  plain = await listen(core.fetch);
  // A wrapper has no plain entry point: the same server through Request and Response.
  viaRequest = await listen((request) => core.fetch(request));
});

afterAll(async () => {
  await plain.close();
  await viaRequest.close();
});

function request(method: string, target: string, headers: Record<string, string> = {}, body = ""): string[] {
  const lines = [`${method} ${target} HTTP/1.1`, "Host: localhost", ...Object.entries(headers).map(([n, v]) => `${n}: ${v}`)];
  if (body !== "") lines.push(`Content-Length: ${Buffer.byteLength(body)}`);
  return [`${lines.join("\r\n")}\r\nConnection: close\r\n\r\n`, body];
}

/** Status line, headers in name order without Date, and body. */
function comparable(response: RawResponse) {
  const headers = response.headerLines.filter(([name]) => name !== "date").map(([n, v]) => `${n}: ${v}`);
  return [response.statusLine, headers.sort(), response.body.toString()];
}

describe("@tessera/node on a Tessera server's plain entry point", () => {
  it("finds it on core.fetch, and not on a wrapper", () => {
    expect(plainEntryPointOf(core.fetch)?.handle).toBeTypeOf("function");
    expect(plainEntryPointOf((r) => core.fetch(r))).toBeUndefined();
  });

  it.each([
    ["a wrong secret", request("POST", "/token", { "Content-Type": form, Authorization: basicAuthorization(service.clientId, "nope") }, "grant_type=client_credentials")],
    ["a GET of the token endpoint", request("GET", "/token")],
    ["the metadata", request("GET", "/.well-known/oauth-authorization-server")],
    ["HEAD of the JWKS", request("HEAD", "/.well-known/jwks.json")],
    ["an unknown path", request("GET", "/nothing?x=1")],
    ["a form over the core's limit", request("POST", "/token", { "Content-Type": form }, `grant_type=x&pad=${"a".repeat(17 * 1024)}`)],
    ["a revocation of nothing", request("POST", "/revoke", { "Content-Type": form, Authorization: basicAuthorization(service.clientId, service.clientSecret) }, "token=x")],
    ["a dot segment", request("GET", "/x/../.well-known/jwks.json")],
  ])("answers %s as the Request path does", async (_name, parts) => {
    const [a, b] = await Promise.all([exchange(plain.port, parts), exchange(viaRequest.port, parts)]);
    expect(comparable(a)).toEqual(comparable(b));
  });

  it.each([
    ["TRACE", request("TRACE", "/token")],
    ["credentials in an absolute-form URL", ["GET http://user:pass@localhost/.well-known/jwks.json HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"]],
  ])("refuses %s with 400, as new Request would", async (_name, parts) => {
    for (const port of [plain.port, viaRequest.port]) expect((await exchange(port, parts)).status).toBe(400);
  });

  it("gives hooks a Request that knows the peer's address", async () => {
    issued.length = 0;
    const response = await fetch(`${plain.origin}/token`, {
      method: "POST",
      headers: { "content-type": form, authorization: basicAuthorization(service.clientId, service.clientSecret) },
      body: "grant_type=client_credentials",
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-length")).toBe(String((await response.text()).length));
    expect(issued).toHaveLength(1);
    expect(issued[0]).toBeInstanceOf(Request);
    expect(clientAddress(issued[0] as Request)).toBe("127.0.0.1");
  });

  it("hands the core a defer that runs its task later in the turn, not at once, and before the timers", async () => {
    const order: string[] = [];
    const handler = async () => new Response(null, { status: 500 });
    registerPlainEntryPoint(handler, {
      maxBodyBytes: 1024,
      async handle(request: PlainRequest): Promise<PlainResponse> {
        const deferred = new Promise<void>((resolve) => request.defer?.(() => resolve(void order.push("defer"))));
        const timer = new Promise<void>((resolve) => setTimeout(() => resolve(void order.push("timeout")), 0));
        order.push("handler");
        await Promise.all([deferred, timer]);
        return { status: 204, headers: {}, body: null };
      },
    });
    const server = await listen(handler);
    try {
      expect((await fetch(`${server.origin}/`, { method: "POST", body: "x" })).status).toBe(204);
      expect(order).toEqual(["handler", "defer", "timeout"]);
    } finally {
      await server.close();
    }
  });
});
