/**
 * Secrets hygiene: no client secret (presented or stored), access token or key material in any
 * response Tessera writes (error bodies and headers), in any error it creates, in what it hands
 * `onError`, or in what it logs; and no private key member in any JWKS it publishes. The test
 * drives every scenario, wrong secrets, faults and bad keys, collects all of that text, and
 * searches it.
 */
import * as core from "../index.js";
import { exportJWK, exportPKCS8, generateKeyPair, type JWK } from "jose";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { TemporarilyUnavailableError } from "../protocol/faults.js";
import { InMemoryClientRepository } from "./repositories/clients.js";
import { createResourceServer } from "../resource-server/create.js";
import { createAuthorizationServer } from "./create.js";
import { clientCredentialsGrant } from "./grants/client-credentials.js";
import { hashClientSecret } from "./client-auth/secrets.js";
import { importSigningKey } from "../tokens/keys.js";
import { basicAuthorization } from "../testing.js";
import { createScenarioServer, scenarioClients, scenarioIssuer, scenarioRequest, tokenEndpointScenarios } from "@tessera/conformance/tables";

const privateMembers = ["d", "p", "q", "dp", "dq", "qi", "oth", "k"];

/** Everything Tessera said, as text. */
const said: string[] = [];

function describeError(error: unknown, depth = 0): string {
  if (depth > 4) return "";
  if (error instanceof Error) {
    const extra = Object.entries(error).map(([k, v]) => `${k}=${typeof v === "string" ? v : safeJson(v)}`);
    return [error.name, error.message, error.stack ?? "", ...extra, describeError(error.cause, depth + 1)].join("\n");
  }
  return typeof error === "string" ? error : safeJson(error);
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return "";
  }
}

async function record(response: Response, options: { tokenResponse?: boolean } = {}): Promise<void> {
  const lines: string[] = [];
  response.headers.forEach((value, name) => lines.push(`${name}: ${value}`));
  const headers = lines.join("\n");
  const body = await response.text();
  // A 200 from the token endpoint carries its token by design; everything else must not.
  said.push(`${response.status}\n${headers}\n${response.status === 200 && options.tokenResponse ? "" : body}`);
}

function post(body: string, authorization?: string): Request {
  return new Request(`${scenarioIssuer}/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", ...(authorization === undefined ? {} : { authorization }) },
    body,
  });
}

/** Substrings that must not appear: each secret, and for long ones any 16-character slice. */
function fragments(secret: string): string[] {
  if (secret.length <= 24) return [secret];
  const slices: string[] = [];
  for (let i = 0; i + 16 <= secret.length; i += 8) slices.push(secret.slice(i, i + 16));
  return slices;
}

function expectNoneSaid(secrets: readonly string[]): void {
  const text = said.join("\n");
  for (const secret of secrets) {
    for (const fragment of fragments(secret)) {
      expect(text.includes(fragment), `a secret fragment appeared in Tessera's output: ${secret.slice(0, 4)}…`).toBe(false);
    }
  }
}

let consoleSpies: ReturnType<typeof vi.spyOn>[];
beforeAll(() => {
  said.length = 0;
});
afterEach(() => {
  for (const spy of consoleSpies ?? []) spy.mockRestore();
});
function captureConsole(): void {
  consoleSpies = (["log", "info", "warn", "error", "debug"] as const).map((level) =>
    vi.spyOn(console, level).mockImplementation((...args: unknown[]) => void said.push(args.map((a) => describeError(a)).join(" "))),
  );
}

describe("secrets hygiene", () => {
  it("token endpoint: no secret, token or key in any error response, error, onError report or log line", async () => {
    captureConsole();
    const key = await generateKeyPair("RS256", { extractable: true });
    const pem = await exportPKCS8(key.privateKey);
    const jwk = await exportJWK(key.privateKey);
    const onError = (error: unknown) => void said.push(describeError(error));
    const server = await createScenarioServer(core, { onError, limits: { timeout: 0.05 } }, pem);
    const wrongSecrets = ["wrong-but-plausible-secret-1", "Zm9vYmFyYmF6cXV4LXRoaXMtaXMtYS1ndWVzcw"];
    const tokens: string[] = [];

    for (const scenario of tokenEndpointScenarios) {
      const response = await server.respondToTokenRequest(scenarioRequest(scenarioIssuer, scenario.request));
      if (response.status === 200) tokens.push(((await response.clone().json()) as { access_token: string }).access_token);
      await record(response, { tokenResponse: true });
    }
    for (const secret of wrongSecrets) {
      for (const clientId of ["service", "nobody"]) {
        await record(await server.respondToTokenRequest(post("grant_type=client_credentials", basicAuthorization(clientId, secret))));
        await record(await server.respondToTokenRequest(post(`grant_type=client_credentials&client_id=${clientId}&client_secret=${secret}`)));
      }
    }
    // The lockout's refusal, after those failures and more.
    for (let i = 0; i < 12; i++) await record(await server.respondToTokenRequest(post("grant_type=client_credentials", basicAuthorization("service", wrongSecrets[0] as string))));
    // An access token sent where client credentials go.
    for (const token of tokens) {
      await record(await server.respondToTokenRequest(post("grant_type=client_credentials", `Bearer ${token}`)));
      await record(await server.respondToTokenRequest(post(`grant_type=client_credentials&client_id=service&client_secret=${token}`)));
    }

    // Faults: Tessera's own errors about them (timeout, 503, server_error) carry no secret.
    const { awkward } = scenarioClients;
    const hanging = await createScenarioServer(core, { onError, limits: { timeout: 0.05 }, clients: { getClient: () => new Promise(() => {}) } }, pem);
    await record(await hanging.respondToTokenRequest(post("grant_type=client_credentials", basicAuthorization(awkward.clientId, awkward.clientSecret))));
    const unavailable = await createScenarioServer(core, { onError, clients: { getClient: () => Promise.reject(new TemporarilyUnavailableError("db failover", { retryAfter: 3 })) } }, pem);
    await record(await unavailable.respondToTokenRequest(post("grant_type=client_credentials", basicAuthorization(awkward.clientId, awkward.clientSecret))));
    vi.spyOn(crypto.subtle, "sign").mockRejectedValueOnce(new Error("signing failed"));
    await record(await server.respondToTokenRequest(post("grant_type=client_credentials", basicAuthorization(awkward.clientId, awkward.clientSecret))));
    // The default onError, which logs.
    const logging = await createScenarioServer(core, { clients: { getClient: () => Promise.reject(new Error("db down")) } }, pem);
    await record(await logging.respondToTokenRequest(post("grant_type=client_credentials", basicAuthorization(awkward.clientId, awkward.clientSecret))));

    const clientSecrets = Object.values(scenarioClients).flatMap((c) => ("clientSecret" in c ? [c.clientSecret] : []));
    const storedHashes = await Promise.all(clientSecrets.map((s) => hashClientSecret(s)));
    const keyMaterial = [pem.replace(/-----[A-Z ]+-----|\s/g, ""), ...privateMembers.flatMap((m) => (typeof jwk[m as keyof JWK] === "string" ? [jwk[m as keyof JWK] as string] : []))];
    expect(tokens.length).toBeGreaterThan(5);
    expect(said.length).toBeGreaterThan(tokenEndpointScenarios.length);
    expectNoneSaid([...clientSecrets.filter((s) => s.length >= 8), ...storedHashes, ...wrongSecrets, ...tokens, ...tokens.map((t) => t.split(".")[2] as string), ...keyMaterial]);
  });

  it("resource server: no token in any refusal, challenge or report", async () => {
    captureConsole();
    const server = await createScenarioServer(core, { audience: "https://api.example" });
    const issued = await server.respondToTokenRequest(post("grant_type=client_credentials", basicAuthorization("service", scenarioClients.service.clientSecret)));
    const token = ((await issued.json()) as { access_token: string }).access_token;
    const [head, payload, signature] = token.split(".") as [string, string, string];
    const forged = [`${head}.${payload}.${signature.slice(0, -8)}AAAAAAAA`, `${head}.${payload}x.${signature}`, `${payload}.${head}.${signature}`];
    const failingRevocation = { isRevoked: () => Promise.reject(new Error("store down")) };
    for (const options of [{}, { revocations: failingRevocation }, { audience: "https://other.example" }]) {
      const resourceServer = createResourceServer({ issuer: scenarioIssuer, audience: "https://api.example", keys: server.keys, onError: (e) => void said.push(describeError(e)), ...options });
      for (const candidate of [token, ...forged]) {
        try {
          await resourceServer.verifyRequest(new Request("http://localhost/api", { headers: { authorization: `Bearer ${candidate}` } }));
        } catch (error) {
          said.push(describeError(error));
          await record((error as { toResponse(): Response }).toResponse());
        }
      }
    }
    expectNoneSaid([token, signature, ...forged]);
  });

  it("key errors at start-up never quote the key", async () => {
    const messages: string[] = [];
    const small = (await crypto.subtle.generateKey(
      { name: "RSASSA-PKCS1-v1_5", modulusLength: 1024, publicExponent: new Uint8Array([1, 0, 1]), hash: "SHA-256" },
      true,
      ["sign", "verify"],
    )) as CryptoKeyPair;
    const p384 = await generateKeyPair("ES384", { extractable: true });
    const smallPem = await exportPKCS8(small.privateKey);
    const p384Pem = await exportPKCS8(p384.privateKey);
    const p384Jwk = await exportJWK(p384.privateKey);
    const bodies = [smallPem, p384Pem].map((pem) => pem.replace(/-----[A-Z ]+-----|\s/g, ""));
    const inputs: unknown[] = [
      smallPem,
      p384Pem,
      p384Jwk,
      await exportJWK(small.privateKey),
      smallPem.replaceAll("PRIVATE KEY", "ENCRYPTED PRIVATE KEY"),
      smallPem.replaceAll("PRIVATE KEY", "RSA PRIVATE KEY"),
      smallPem.replaceAll("PRIVATE KEY", "PUBLIC KEY"),
      `-----BEGIN PRIVATE KEY-----\n${bodies[1]?.slice(5)}\n-----END PRIVATE KEY-----`,
    ];
    for (const input of inputs) {
      await importSigningKey(input as never).then(
        () => messages.push("imported?!"),
        (error: unknown) => messages.push(describeError(error)),
      );
      const server = createAuthorizationServer({
        issuer: scenarioIssuer,
        clients: new InMemoryClientRepository([]),
        signingKey: input as never,
        grants: [clientCredentialsGrant()],
      });
      await server.ready.then(
        () => messages.push("started?!"),
        (error: unknown) => messages.push(describeError(error)),
      );
    }
    expect(messages.filter((m) => m.endsWith("?!"))).toEqual([]);
    said.length = 0;
    said.push(...messages);
    expectNoneSaid([...bodies, p384Jwk.d as string]);
  });
});

describe("published JWKS", () => {
  it.each(["RS256", "ES256", "EdDSA"] as const)("holds public members only, for a %s key in every form and after rotation", async (alg) => {
    const pair = await generateKeyPair(alg, { extractable: true });
    const next = await generateKeyPair(alg, { extractable: true });
    for (const signingKey of [pair, await exportPKCS8(pair.privateKey), await exportJWK(pair.privateKey), pair.privateKey]) {
      const server = await createScenarioServer(core, { signingKey, publishedKeys: [await exportJWK(next.privateKey)] });
      await server.keys.add(await exportPKCS8(next.privateKey));
      const kid = (await server.keys.list()).find((k) => !k.active)?.kid as string;
      await server.keys.activate(kid);
      for (const document of [await server.keys.jwks(), await (await server.fetch(new Request(`${scenarioIssuer}/.well-known/jwks.json`))).json()]) {
        const keys = (document as { keys: Record<string, unknown>[] }).keys;
        expect(keys).toHaveLength(2);
        for (const key of keys) {
          for (const member of privateMembers) expect(key).not.toHaveProperty(member);
        }
      }
    }
  });
});
