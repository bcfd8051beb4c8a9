import * as tessera from "@tessera/core";
import { createServer as createHttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createResourceServer, generateSigningKey, type AuthorizationServer } from "@tessera/core";
import { basicAuthorization } from "@tessera/core/testing";
import { createScenarioServer, scenarioClients } from "@tessera/conformance/tables";
import { decodeProtectedHeader } from "jose";
import { afterAll, describe, expect, it } from "vitest";
import { authorize } from "./index.js";
import { delay, listen, type Listening } from "./wire.test.helpers.js";

// The rotation procedure of the README, run against live traffic: an authorization server and a
// separate API (a resource server that knows the issuer only by its URL, so it discovers the
// JWKS over HTTP and caches it), both on real sockets. Clients keep getting tokens and calling
// the API with them while a key is added, activated and retired; not one call may fail.
// Cache lifetimes are shortened from minutes to a second so the procedure's waits fit a test.

const jwksMaxAge = 1; // seconds: the authorization server's Cache-Control on its JWKS
const { service } = scenarioClients;

let issuerSide: Listening | undefined;
let apiSide: { origin: string; close(): Promise<void> } | undefined;

afterAll(async () => {
  await issuerSide?.close();
  await apiSide?.close();
});

async function startAuthorizationServer(): Promise<{ server: AuthorizationServer; origin: string }> {
  let server: AuthorizationServer | undefined;
  // Listen first: the issuer names the port.
  issuerSide = await listen((request) => (server as AuthorizationServer).fetch(request));
  const issuer = `http://127.0.0.1:${issuerSide.port}`;
  server = await createScenarioServer(tessera, { issuer, cacheMaxAge: { jwks: jwksMaxAge } });
  await server.ready;
  return { server, origin: issuer };
}

async function startApi(issuer: string): Promise<string> {
  const resourceServer = createResourceServer({
    issuer,
    audience: issuer,
    jwksCacheMaxAge: jwksMaxAge, // honours the issuer's max-age
    jwksCooldown: 0.1,
  });
  const http = createHttpServer(
    authorize(resourceServer, (_req, res, principal) => {
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify({ client_id: principal.clientId }));
    }),
  );
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  apiSide = {
    origin,
    close: () =>
      new Promise<void>((resolve) => {
        http.closeAllConnections();
        http.close(() => resolve());
      }),
  };
  return origin;
}

async function getToken(issuer: string): Promise<string> {
  const response = await fetch(`${issuer}/token`, {
    method: "POST",
    headers: {
      authorization: basicAuthorization(service.clientId, service.clientSecret),
      "content-type": "application/x-www-form-urlencoded",
    },
    body: "grant_type=client_credentials",
  });
  if (response.status !== 200) throw new Error(`token endpoint answered ${response.status}`);
  return ((await response.json()) as { access_token: string }).access_token;
}

async function callApi(api: string, token: string): Promise<number> {
  const response = await fetch(api, { headers: { authorization: `Bearer ${token}` } });
  await response.arrayBuffer();
  return response.status;
}

describe("key rotation under load, over HTTP", () => {
  it("adds, activates and retires a key while clients call an API, and no call fails", async () => {
    const { server, origin: issuer } = await startAuthorizationServer();
    const api = await startApi(issuer);
    const [oldKey] = await server.keys.list();
    const oldToken = await getToken(issuer);
    expect(await callApi(api, oldToken)).toBe(200);

    // Ten clients, each: get a token, call the API with it, again, until told to stop.
    const failures: string[] = [];
    const kids = new Map<string, number>();
    let running = true;
    let calls = 0;
    const client = async (): Promise<void> => {
      while (running) {
        try {
          const token = await getToken(issuer);
          const kid = decodeProtectedHeader(token).kid as string;
          kids.set(kid, (kids.get(kid) ?? 0) + 1);
          const status = await callApi(api, token);
          calls++;
          if (status !== 200) failures.push(`API answered ${status} for a token signed by ${kid}`);
        } catch (error) {
          failures.push(String(error));
        }
      }
    };
    const clients = Array.from({ length: 10 }, client);

    // 1. Publish the next key, and wait out the JWKS's max-age so every cache holds it.
    const next = await generateSigningKey("ES256");
    await server.keys.add(next.privateKeyPem);
    await delay(jwksMaxAge * 1000 + 200);
    // 2. Sign with it.
    await server.keys.activate(next.kid);
    // 3. Once no token signed by the old key is in use (here: every call started before the
    //    switch has ended; in production, after the longest access token lifetime), retire it.
    const switchedAt = calls;
    while (calls < switchedAt + 50) await delay(10);
    await server.keys.retire(oldKey?.kid as string);
    // The API's cache expires, it fetches the JWKS without the old key, and calls go on.
    await delay(jwksMaxAge * 1000 + 200);
    running = false;
    await Promise.all(clients);

    expect(failures).toEqual([]);
    expect(kids.get(oldKey?.kid as string)).toBeGreaterThan(0);
    expect(kids.get(next.kid)).toBeGreaterThan(0);
    // The retirement took effect: a token from the old key is now refused.
    expect(await callApi(api, oldToken)).toBe(401);
  });
});
