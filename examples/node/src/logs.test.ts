/**
 * The Node example's log, as an operator reads it: after a run of every kind of request (secrets,
 * a private_key_jwt assertion, a DPoP proof, a wrong secret up to the lockout, revocation,
 * introspection, the demo resource), every line on stdout besides the listening line is a JSON
 * object with the documented fields, and none holds a secret, a token, an assertion or a proof
 * that the run sent or received.
 */
import { exampleCommand, logLines, startExample, withoutLog, type RunningExample } from "@tessera/conformance/examples";
import { exportJWK, generateKeyPair, SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const service = { client_id: "service", client_secret: "service-s3cret-value", scope: "read" };
const target = { client_id: "target", client_secret: "target-s3cret-value", scope: "read" };
const keyed = { client_id: "keyed", scope: "read", token_endpoint_auth_method: "private_key_jwt" };
const wrongSecret = "wrong-s3cret-guess";

let example: RunningExample;
let log: Record<string, unknown>[];
/** Every credential, token, assertion and proof the run sent or got back. */
const sensitive: string[] = [service.client_secret, target.client_secret, wrongSecret];

function basic(id: string, secret: string): string {
  return `Basic ${btoa(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`)}`;
}

async function post(path: string, body: Record<string, string>, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${example.url}${path}`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
    body: new URLSearchParams(body),
    signal: AbortSignal.timeout(10_000),
  });
}

async function token(response: Response): Promise<string> {
  expect(response.status).toBe(200);
  const { access_token } = (await response.json()) as { access_token: string };
  sensitive.push(access_token);
  return access_token;
}

beforeAll(async () => {
  const clientKey = await generateKeyPair("ES256");
  const dpopKey = await generateKeyPair("ES256");
  const jwks = { keys: [{ ...(await exportJWK(clientKey.publicKey)), kid: "keyed-1", alg: "ES256" }] };
  example = await startExample(exampleCommand(new URL("../", import.meta.url)), {
    PORT: "0",
    OAUTH_CLIENTS: JSON.stringify({ clients: [service, target, { ...keyed, jwks }] }),
  });
  const issuer = `http://localhost:${example.port}`;

  // Secrets, Basic and in the body; the token introspected, then revoked and refused at /whoami.
  const bearer = await token(await post("/token", { grant_type: "client_credentials" }, { authorization: basic(service.client_id, service.client_secret), "x-request-id": "req-42" }));
  await post("/introspect", { token: bearer }, { authorization: basic(service.client_id, service.client_secret) });
  expect((await fetch(`${example.url}/whoami`, { headers: { authorization: `Bearer ${bearer}` } })).status).toBe(200);
  await post("/revoke", { token: bearer, client_id: service.client_id, client_secret: service.client_secret });
  expect((await fetch(`${example.url}/whoami?access_token=${bearer}`)).status).toBe(401);

  // A private_key_jwt assertion with a DPoP proof.
  const now = Math.floor(Date.now() / 1000);
  const assertion = await new SignJWT({ jti: crypto.randomUUID() })
    .setProtectedHeader({ alg: "ES256", kid: "keyed-1" })
    .setIssuer(keyed.client_id)
    .setSubject(keyed.client_id)
    .setAudience(issuer)
    .setIssuedAt(now)
    .setExpirationTime(now + 60)
    .sign(clientKey.privateKey);
  const proof = await new SignJWT({ htm: "POST", htu: `${example.url}/token`, jti: crypto.randomUUID(), iat: now })
    .setProtectedHeader({ alg: "ES256", typ: "dpop+jwt", jwk: await exportJWK(dpopKey.publicKey) })
    .sign(dpopKey.privateKey);
  sensitive.push(assertion, proof);
  const bound = await post(
    "/token",
    { grant_type: "client_credentials", client_assertion_type: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer", client_assertion: assertion },
    { dpop: proof },
  );
  await token(bound);

  // Wrong secrets for one client, until its lockout starts (10 failures by default).
  for (let attempt = 0; attempt < 10; attempt++) {
    expect((await post("/token", { grant_type: "client_credentials" }, { authorization: basic(target.client_id, wrongSecret) })).status).toBe(401);
  }
  expect((await post("/token", { grant_type: "client_credentials" }, { authorization: basic(target.client_id, target.client_secret) })).status).toBe(429);

  await new Promise((resolve) => setTimeout(resolve, 200)); // the last lines reach the pipe
  log = logLines(example.output().stdout);
}, 60_000);

afterAll(() => example?.stop());

describe("the Node example's log", () => {
  it("is the listening line and JSON lines, none holding a secret, a token, an assertion or a proof", () => {
    const { stdout } = example.output();
    expect(withoutLog(stdout).trim()).toBe(`Tessera token server listening on ${example.url}`);
    for (const value of sensitive) expect(stdout).not.toContain(value);
    for (const line of log) expect(line).toMatchObject({ time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/), level: expect.stringMatching(/^(info|warn)$/), event: expect.any(String) });
  });

  it("has a line per request with its id, method, path, status, duration, caller, client and grant", () => {
    const requests = log.filter((line) => line.event === "request");
    expect(requests).toHaveLength(17);
    expect(requests[0]).toEqual({
      time: expect.any(String),
      level: "info",
      event: "request",
      request_id: "req-42",
      method: "POST",
      path: "/token",
      status: 200,
      duration_ms: expect.any(Number),
      caller: "127.0.0.1",
      client_id: service.client_id,
      grant_type: "client_credentials",
    });
    expect(requests.map((line) => [line.path, line.status, line.client_id])).toEqual([
      ["/token", 200, service.client_id],
      ["/introspect", 200, service.client_id],
      ["/whoami", 200, service.client_id],
      ["/revoke", 200, service.client_id],
      ["/whoami", 401, undefined], // the query string, which held the token, is not logged
      ["/token", 200, keyed.client_id],
      ...Array.from({ length: 10 }, () => ["/token", 401, undefined]),
      ["/token", 429, undefined],
    ]);
    expect(requests.at(-1)).toMatchObject({ error: "invalid_client" });
  });

  it("has a line per security event: failed authentications, the lockout, the revocation, the key", () => {
    const events = log.filter((line) => line.event !== "request");
    const failures = events.filter((line) => line.event === "client_authentication_failed");
    expect(failures).toHaveLength(11); // the ten wrong secrets, and the right one refused while locked out
    expect(failures[0]).toMatchObject({ level: "warn", endpoint: "token", client_id: target.client_id, caller: "127.0.0.1" });
    expect(events.filter((line) => line.event === "lockout_started")).toEqual([
      expect.objectContaining({ level: "warn", client_id: target.client_id, caller: "127.0.0.1", until: expect.stringMatching(/^\d{4}-/) }),
    ]);
    expect(events.filter((line) => line.event === "token_revoked")).toEqual([expect.objectContaining({ client_id: service.client_id, jti: expect.any(String) })]);
    expect(events.filter((line) => line.event === "key_activated")).toEqual([expect.objectContaining({ kid: expect.any(String), alg: "RS256" })]);
  });
});
