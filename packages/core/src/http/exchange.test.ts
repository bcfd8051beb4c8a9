import * as core from "../index.js";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { MemoryStore } from "../storage/memory-store.js";
import type { AuthorizationServer } from "../authorization-server/create.js";
import { createScenarioServer, scenarioIssuer, scenarioMismatches, scenarioRequest, tokenEndpointScenarios, tokenManagementMismatches, tokenManagementScenarios, type ScenarioRequest } from "@tessera/conformance/tables";
import { toResponse, type PlainHandler, type PlainRequest } from "./exchange.js";
import { plainEntryPointOf } from "./plain-handlers.js";

let server: AuthorizationServer;
let plain: PlainHandler;

beforeAll(async () => {
  server = await createScenarioServer(core, { revocations: new MemoryStore() });
  await server.ready;
  plain = (plainEntryPointOf(server.fetch) as { handle: PlainHandler }).handle;
});

function entries(headers: Headers): [string, string][] {
  const list: [string, string][] = [];
  headers.forEach((value, name) => list.push([name, value]));
  return list;
}

/** A `Request` taken apart as an adapter would hand it to the plain entry point. */
async function plainRequest(request: Request): Promise<PlainRequest> {
  const body = request.body === null ? undefined : new Uint8Array(await request.arrayBuffer());
  return { method: request.method, url: request.url, headers: request.headers, body };
}

async function sendPlain(request: ScenarioRequest): Promise<Response> {
  return toResponse(await plain(await plainRequest(scenarioRequest(scenarioIssuer, request))));
}

describe("the plain entry point of fetch", () => {
  it("is what plainEntryPointOf finds for server.fetch, with the server's body limit, and for no other handler", async () => {
    expect(typeof plain).toBe("function");
    expect(plainEntryPointOf(server.fetch)?.maxBodyBytes).toBe(16 * 1024);
    const limited = await createScenarioServer(core, { limits: { maxBodyBytes: 2048 } });
    expect(plainEntryPointOf(limited.fetch)?.maxBodyBytes).toBe(2048);
    expect(plainEntryPointOf(server.respondToTokenRequest)).toBeUndefined();
    expect(plainEntryPointOf(async () => new Response())).toBeUndefined();
  });

  it.each(tokenEndpointScenarios.map((s) => [s.name, s] as const))("token endpoint: %s", async (_name, scenario) => {
    expect(await scenarioMismatches(await sendPlain(scenario.request), scenario.expect)).toEqual([]);
  });

  it.each(tokenManagementScenarios.map((s) => [s.name, s] as const))("revocation and introspection: %s", async (_name, scenario) => {
    expect(await tokenManagementMismatches(sendPlain, scenario)).toEqual([]);
  });

  it("answers the documents, a conditional GET, HEAD, 404 and 405 as fetch does", async () => {
    const metadata = await server.fetch(new Request(`${scenarioIssuer}/.well-known/oauth-authorization-server`));
    const etag = metadata.headers.get("etag") as string;
    const requests = [
      new Request(`${scenarioIssuer}/.well-known/jwks.json`),
      new Request(`${scenarioIssuer}/.well-known/oauth-authorization-server`, { method: "HEAD" }),
      new Request(`${scenarioIssuer}/.well-known/oauth-authorization-server`, { headers: { "if-none-match": etag } }),
      new Request(`${scenarioIssuer}/.well-known/jwks.json`, { method: "POST", body: "x" }),
      new Request(`${scenarioIssuer}/nothing-here?x=1`),
    ];
    for (const request of requests) {
      const viaFetch = await server.fetch(request.clone());
      const viaPlain = toResponse(await plain(await plainRequest(request)));
      expect([viaPlain.status, entries(viaPlain.headers), await viaPlain.text()]).toEqual([
        viaFetch.status,
        entries(viaFetch.headers),
        await viaFetch.text(),
      ]);
    }
  });
});

describe("the Request a hook gets from the plain entry point", () => {
  it("is made only when a hook needs one, once, with the body read, and is told to onRequest", async () => {
    const seen: Request[] = [];
    const made: Request[] = [];
    const withHooks = await createScenarioServer(core, {
      lockout: {
        callerKey: (request) => {
          seen.push(request);
          return undefined;
        },
      },
      events: { accessTokenIssued: ({ request }) => void seen.push(request) },
    });
    await withHooks.ready;
    const handler = (plainEntryPointOf(withHooks.fetch) as { handle: PlainHandler }).handle;
    const tokenRequest = tokenEndpointScenarios.find((s) => s.expect.status === 200)?.request as ScenarioRequest;
    const request = scenarioRequest(scenarioIssuer, tokenRequest);
    const answer = await handler({ ...(await plainRequest(request.clone())), onRequest: (r) => made.push(r) });
    expect(answer.status).toBe(200);
    expect(made).toHaveLength(1);
    expect(seen).toEqual([made[0], made[0]]);
    const hooked = made[0] as Request;
    expect(hooked).toBeInstanceOf(Request);
    expect([hooked.method, hooked.url, entries(hooked.headers)]).toEqual([request.method, request.url, entries(request.headers)]);
    expect(hooked.bodyUsed).toBe(true);

    // No hook, no Request.
    made.length = 0;
    await plain({ ...(await plainRequest(scenarioRequest(scenarioIssuer, tokenRequest))), onRequest: (r) => made.push(r) });
    expect(made).toEqual([]);
  });
});

describe("signatures deferred by the adapter", () => {
  const tokenRequest = () => tokenEndpointScenarios.find((s) => s.expect.status === 200)?.request as ScenarioRequest;

  it("start when the adapter's defer runs its tasks, those of requests that arrived together at once", async () => {
    const tasks: (() => void)[] = [];
    const defer = (task: () => void) => void tasks.push(task);
    const sign = vi.spyOn(crypto.subtle, "sign");
    try {
      const requests = await Promise.all([1, 2, 3].map(() => plainRequest(scenarioRequest(scenarioIssuer, tokenRequest()))));
      const answers = Promise.all(requests.map((request) => plain({ ...request, defer })));
      await vi.waitFor(() => expect(tasks).toHaveLength(3));
      expect(sign).not.toHaveBeenCalled();
      for (const task of tasks) task();
      expect((await answers).map((answer) => answer.status)).toEqual([200, 200, 200]);
      expect(sign).toHaveBeenCalledTimes(3);
    } finally {
      sign.mockRestore();
    }
  });

  it("are never waited for by a request that fails before signing", async () => {
    const defer = vi.fn();
    const wrongSecret = { ...tokenRequest(), headers: { ...tokenRequest().headers, authorization: "Basic c2VydmljZTp3cm9uZw==" } };
    const answer = await plain({ ...(await plainRequest(scenarioRequest(scenarioIssuer, wrongSecret))), defer });
    expect(answer.status).toBe(401);
    expect(defer).not.toHaveBeenCalled();
  });
});
