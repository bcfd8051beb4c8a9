import { clientCredentialsGrant, createAuthorizationServer, hashClientSecret, type ClientRepository } from "@tessera/core";
import { basicAuthorization } from "@tessera/core/testing";
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify, type JSONWebKeySet } from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import { ConfigError } from "./config-error.js";
import type { Env, ReadFile } from "./env.js";
import { loadConfig, type ExampleConfig } from "./load-config.js";
import { generateTestKey, signAccessToken } from "@tessera/conformance/examples";

/** A `readFile` over an in-memory file system; a missing file fails as Node's does. */
function files(entries: Record<string, string | Uint8Array> = {}): ReadFile {
  return async (path) => {
    const contents = entries[path];
    if (contents === undefined) throw Object.assign(new Error(`ENOENT: no such file or directory, open '${path}'`), { code: "ENOENT" });
    return contents;
  };
}

const service = { client_id: "svc", client_secret: "svc-secret-value", scope: "read write" };
const clientsJson = JSON.stringify({ clients: [service] });
const ecJwk = { kty: "EC", crv: "P-256", x: "drviyRjPIH8nHg8bQKNbCE5fm7OX_W7hxbfmb_Y-n5I", y: "m6y5YXPqL1BwhtgkTGXQpw4S_Och2QHjnWxksP6L74I", kid: "k1" };
const keyClient = { client_id: "keyed", scope: "read", token_endpoint_auth_method: "private_key_jwt", jwks: { keys: [ecJwk] } };
/** An environment with nothing left to default that warns. */
const quiet = { OAUTH_CLIENTS: clientsJson, OAUTH_PRIVATE_KEY: "-----BEGIN PRIVATE KEY-----\nplaceholder\n-----END PRIVATE KEY-----" };

function load(env: Env, readFile: ReadFile = files()): Promise<ExampleConfig> {
  return loadConfig(env, { readFile });
}

/** The ConfigError `promise` rejects with, as `{ variable, message }`. */
async function failure(promise: Promise<unknown>): Promise<{ variable: string; message: string }> {
  const error: unknown = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(ConfigError);
  const { variable, message } = error as ConfigError;
  return { variable, message };
}

describe("loadConfig defaults", () => {
  it("listens on 127.0.0.1:3000 with issuer and audience http://localhost:3000 and tokens for an hour", async () => {
    const config = await load({});
    expect(config).toMatchObject({ port: 3000, host: "127.0.0.1" });
    expect(config.url(3000)).toBe("http://127.0.0.1:3000");
    expect(config.issuer(3000)).toBe("http://localhost:3000");
    expect(config.audience(3000)).toBe("http://localhost:3000");
    expect(config.options(3000)).toMatchObject({
      issuer: "http://localhost:3000",
      audience: "http://localhost:3000",
      accessTokenTtl: 3600,
      publishedKeys: [],
    });
  });

  it("serves the documented demo client, with a one-line warning that does not print its secret", async () => {
    const config = await load({});
    const client = await config.options(3000).clients.getClient("demo-client");
    expect(client).toMatchObject({
      clientId: "demo-client",
      secrets: [{ hash: await hashClientSecret("demo-secret") }],
      scopes: ["read", "write"],
      grantTypes: ["client_credentials"],
    });
    expect(config.warnings).toContain(
      'OAUTH_CLIENTS is not set: serving only the demo client "demo-client", whose secret is published',
    );
    expect(config.warnings.join("\n")).not.toContain("demo-secret");
  });

  it("generates an extractable RSA-2048 RS256 key pair, with a one-line warning", async () => {
    const config = await load({ OAUTH_CLIENTS: clientsJson });
    const { signingKey } = config.options(3000);
    const { privateKey, publicKey } = signingKey as CryptoKeyPair;
    expect(privateKey.algorithm).toMatchObject({ name: "RSASSA-PKCS1-v1_5", modulusLength: 2048, hash: { name: "SHA-256" } });
    expect(privateKey.extractable).toBe(true);
    expect(publicKey.type).toBe("public");
    expect(config.warnings).toEqual([
      "OAUTH_PRIVATE_KEY is not set: signing with a key generated at start-up; its tokens will not verify after a restart",
    ]);
  });

  it("generates a new key at each start", async () => {
    const first = (await load({})).options(3000).signingKey as CryptoKeyPair;
    const second = (await load({})).options(3000).signingKey as CryptoKeyPair;
    expect(first.publicKey).not.toBe(second.publicKey);
  });

  it("warns about nothing when clients and key are configured", async () => {
    expect((await load(quiet)).warnings).toEqual([]);
  });

  it("returns a frozen configuration", async () => {
    const config = await load({});
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.warnings)).toBe(true);
  });
});

describe("PORT", () => {
  it.each([
    ["8080", 8080],
    ["0", 0],
    ["65535", 65535],
    ["03000", 3000],
  ])("%s listens on %i", async (value, port) => {
    expect((await load({ ...quiet, PORT: value })).port).toBe(port);
  });

  it("0 computes the default issuer from the port actually listened on", async () => {
    const config = await load({ ...quiet, PORT: "0" });
    expect(config.issuer(54321)).toBe("http://localhost:54321");
    expect(config.audience(54321)).toBe("http://localhost:54321");
    expect(config.options(54321)).toMatchObject({ issuer: "http://localhost:54321", audience: "http://localhost:54321" });
    expect(config.url(54321)).toBe("http://127.0.0.1:54321");
  });

  it.each(["-1", "65536", "http", "80.5", "1e3", " 80", "0x50", "123456"])("refuses %j", async (value) => {
    expect(await failure(load({ ...quiet, PORT: value }))).toEqual({
      variable: "PORT",
      message: "PORT: must be a whole number from 0 to 65535 (0 picks a free port)",
    });
  });
});

describe("HOST", () => {
  it.each([
    ["0.0.0.0", "http://0.0.0.0:3000"],
    ["localhost", "http://localhost:3000"],
    ["::1", "http://[::1]:3000"],
    ["::", "http://[::]:3000"],
  ])("%s listens there and is announced as %s", async (host, url) => {
    const config = await load({ ...quiet, OAUTH_ISSUER: "https://auth.example.com", HOST: host });
    expect(config.host).toBe(host);
    expect(config.url(3000)).toBe(url);
  });

  it("does not change the default issuer, on a loopback address", async () => {
    expect((await load({ ...quiet, HOST: "127.0.0.2" })).issuer(3000)).toBe("http://localhost:3000");
  });

  it.each(["0.0.0.0", "::", "192.0.2.1", "auth.internal"])("%s, beyond loopback, requires OAUTH_ISSUER, and OAUTH_CLIENTS instead of the demo client", async (host) => {
    expect(await failure(load({ ...quiet, HOST: host }))).toEqual({
      variable: "OAUTH_ISSUER",
      message: `OAUTH_ISSUER: is required when HOST (${host}) is not a loopback address, such as https://auth.example.com`,
    });
    const { OAUTH_CLIENTS: _clients, ...demo } = quiet;
    expect(await failure(load({ ...demo, OAUTH_ISSUER: "https://auth.example.com", HOST: host }))).toEqual({
      variable: "OAUTH_CLIENTS",
      message: `OAUTH_CLIENTS: is required when HOST (${host}) is not a loopback address: the demo client's secret is published`,
    });
  });

  it.each(["127.0.0.1", "127.1.2.3", "localhost", "::1", "[::1]"])("%s is loopback: the demo client and the default issuer are allowed", async (host) => {
    const { OAUTH_CLIENTS: _clients, ...demo } = quiet;
    expect((await load({ ...demo, HOST: host })).issuer(3000)).toBe("http://localhost:3000");
  });

  it.each(["http://localhost", "local host", "host/path", "user@host"])("refuses %j", async (value) => {
    expect(await failure(load({ ...quiet, HOST: value }))).toEqual({
      variable: "HOST",
      message: "HOST: must be a host name or IP address, such as 127.0.0.1 or ::1",
    });
  });
});

describe("OAUTH_ISSUER", () => {
  it("sets the issuer and, by default, the audience, whatever the port", async () => {
    const config = await load({ ...quiet, PORT: "0", OAUTH_ISSUER: "https://auth.example.com" });
    expect(config.issuer(41000)).toBe("https://auth.example.com");
    expect(config.options(41000)).toMatchObject({ issuer: "https://auth.example.com", audience: "https://auth.example.com" });
  });

  it("refuses a value that is not a URL", async () => {
    expect(await failure(load({ ...quiet, OAUTH_ISSUER: "auth.example.com" }))).toEqual({
      variable: "OAUTH_ISSUER",
      message: "OAUTH_ISSUER: must be a URL such as https://auth.example.com",
    });
  });

  // The remaining issuer rules are the core's; see config-error.test.ts for their naming.
});

describe("OAUTH_AUDIENCE", () => {
  it("sets the audience, leaving the issuer", async () => {
    const config = await load({ ...quiet, OAUTH_AUDIENCE: "https://api.example.com" });
    expect(config.options(3000)).toMatchObject({ issuer: "http://localhost:3000", audience: "https://api.example.com" });
    expect(config.audience(3000)).toBe("https://api.example.com");
  });

  it("refuses a list of audiences", async () => {
    expect(await failure(load({ ...quiet, OAUTH_AUDIENCE: "https://a.example https://b.example" }))).toEqual({
      variable: "OAUTH_AUDIENCE",
      message: "OAUTH_AUDIENCE: must be one audience value without spaces, such as https://api.example.com",
    });
  });
});

describe("OAUTH_ACCESS_TOKEN_TTL", () => {
  it.each([
    ["600", 600],
    ["1", 1],
    ["86400", 86400],
  ])("%s seconds", async (value, ttl) => {
    expect((await load({ ...quiet, OAUTH_ACCESS_TOKEN_TTL: value })).options(3000).accessTokenTtl).toBe(ttl);
  });

  it.each(["0", "-60", "1.5", "3600s", "1e3", "ten", "9007199254740993"])("refuses %j", async (value) => {
    expect(await failure(load({ ...quiet, OAUTH_ACCESS_TOKEN_TTL: value }))).toEqual({
      variable: "OAUTH_ACCESS_TOKEN_TTL",
      message: "OAUTH_ACCESS_TOKEN_TTL: must be a positive whole number of seconds",
    });
  });
});

describe("OAUTH_CLIENTS and OAUTH_CLIENTS_FILE", () => {
  async function clientsOf(config: ExampleConfig): Promise<ClientRepository> {
    return config.options(3000).clients;
  }

  it("registers every client in OAUTH_CLIENTS, with RFC 7591 fields mapped", async () => {
    const json = JSON.stringify({
      clients: [
        service,
        {
          client_id: "reporting",
          client_secret: "reporting-secret-value",
          scope: "read",
          grant_types: ["client_credentials"],
          token_endpoint_auth_method: "client_secret_post",
        },
      ],
    });
    const clients = await clientsOf(await load({ ...quiet, OAUTH_CLIENTS: json }));
    expect(await clients.getClient("svc")).toMatchObject({
      clientId: "svc",
      secrets: [{ hash: await hashClientSecret("svc-secret-value") }],
      scopes: ["read", "write"],
      grantTypes: ["client_credentials"],
    });
    expect(await clients.getClient("reporting")).toMatchObject({
      scopes: ["read"],
      tokenEndpointAuthMethod: "client_secret_post",
    });
    expect(await clients.getClient("demo-client")).toBeUndefined();
  });

  it("maps resources, default_resources, access_token_ttl, introspection and disabled", async () => {
    const json = JSON.stringify({
      clients: [
        {
          ...service,
          resources: ["https://api.example.com", "https://ledger.example.com"],
          default_resources: ["https://api.example.com"],
          access_token_ttl: 300,
          introspection: true,
          disabled: false,
        },
      ],
    });
    const config = await load({ ...quiet, OAUTH_CLIENTS: json });
    expect(await config.options(3000).clients.getClient("svc")).toMatchObject({
      resources: ["https://api.example.com", "https://ledger.example.com"],
      defaultResources: ["https://api.example.com"],
      accessTokenTtl: 300,
      introspection: true,
      disabled: false,
    });
    // One store of revocations, shared by the server's options and the example's resource server.
    expect(config.options(3000).revocations).toBe(config.revocations);
  });

  it("maps a private_key_jwt client without a secret: jwks, jwks_uri, token_endpoint_auth_signing_alg, dpop_bound_access_tokens", async () => {
    const json = JSON.stringify({
      clients: [
        { ...keyClient, token_endpoint_auth_signing_alg: "ES256", dpop_bound_access_tokens: true },
        { ...keyClient, client_id: "remote", jwks: undefined, jwks_uri: "https://keys.example/jwks.json" },
      ],
    });
    const clients = await clientsOf(await load({ ...quiet, OAUTH_CLIENTS: json }));
    expect(await clients.getClient("keyed")).toMatchObject({
      secrets: [], // as a store keeps a client: no secret is an empty list
      tokenEndpointAuthMethod: "private_key_jwt",
      tokenEndpointAuthSigningAlg: "ES256",
      jwks: { keys: [ecJwk] },
      dpopBoundAccessTokens: true,
    });
    expect(await clients.getClient("remote")).toMatchObject({ jwksUri: "https://keys.example/jwks.json" });
  });

  it("accepts client_secret_hash from hashClientSecret instead of a secret", async () => {
    const hash = await hashClientSecret("stored-elsewhere");
    const json = JSON.stringify({ clients: [{ client_id: "svc", client_secret_hash: hash, scope: "read" }] });
    const clients = await clientsOf(await load({ ...quiet, OAUTH_CLIENTS: json }));
    expect(await clients.getClient("svc")).toMatchObject({ secrets: [{ hash }] });
  });

  it("reads OAUTH_CLIENTS_FILE, as text or as UTF-8 bytes", async () => {
    for (const contents of [clientsJson, new TextEncoder().encode(clientsJson)]) {
      const config = await load(
        { OAUTH_CLIENTS_FILE: "/etc/tessera/clients.json", OAUTH_PRIVATE_KEY: quiet.OAUTH_PRIVATE_KEY },
        files({ "/etc/tessera/clients.json": contents }),
      );
      expect(config.warnings).toEqual([]);
      expect(await (await clientsOf(config)).getClient("svc")).toMatchObject({ scopes: ["read", "write"] });
    }
  });

  it("refuses both at once", async () => {
    const env = { ...quiet, OAUTH_CLIENTS_FILE: "/etc/tessera/clients.json" };
    expect(await failure(load(env, files({ "/etc/tessera/clients.json": clientsJson })))).toEqual({
      variable: "OAUTH_CLIENTS_FILE",
      message: "OAUTH_CLIENTS_FILE: set OAUTH_CLIENTS or OAUTH_CLIENTS_FILE, not both",
    });
  });

  it("names a file it cannot read, and one that is not UTF-8", async () => {
    const env = { OAUTH_PRIVATE_KEY: quiet.OAUTH_PRIVATE_KEY, OAUTH_CLIENTS_FILE: "/missing.json" };
    expect(await failure(load(env))).toEqual({
      variable: "OAUTH_CLIENTS_FILE",
      message: "OAUTH_CLIENTS_FILE: cannot read /missing.json (ENOENT)",
    });
    const binary = files({ "/clients.bin": new Uint8Array([0x7b, 0xff, 0x7d]) });
    expect(await failure(load({ ...env, OAUTH_CLIENTS_FILE: "/clients.bin" }, binary))).toEqual({
      variable: "OAUTH_CLIENTS_FILE",
      message: "OAUTH_CLIENTS_FILE: /clients.bin is not UTF-8 text",
    });
  });

  it("names the file variable for a mistake in the file's contents", async () => {
    const env = { OAUTH_PRIVATE_KEY: quiet.OAUTH_PRIVATE_KEY, OAUTH_CLIENTS_FILE: "/clients.json" };
    expect(await failure(load(env, files({ "/clients.json": "{" })))).toEqual({
      variable: "OAUTH_CLIENTS_FILE",
      message: "OAUTH_CLIENTS_FILE: is not valid JSON",
    });
  });

  // Each invalid document, and the one line that names the problem. Secrets never appear in it.
  const invalid: readonly [name: string, document: string, problem: string][] = [
    ["not JSON (the parser's message would quote the secret)", '{"clients":[{"client_secret":"svc-secret-value"', "is not valid JSON"],
    ["an array instead of the object", JSON.stringify([service]), 'expected a JSON object {"clients": [...]}'],
    ["an unknown top-level field", JSON.stringify({ clients: [service], client: [] }), 'unknown field "client" (expected "clients")'],
    ["no clients member", "{}", '"clients" must be an array of clients'],
    ["an empty clients list", '{"clients":[]}', '"clients" must list at least one client'],
    ["a client that is not an object", '{"clients":["svc"]}', "clients[0] must be an object"],
    ["a misspelt field", JSON.stringify({ clients: [{ ...service, scopes: "read" }] }), 'client svc: unknown field "scopes"'],
    ["a camelCase field", JSON.stringify({ clients: [{ ...service, clientSecret: "x" }] }), 'client svc: unknown field "clientSecret"'],
    ["an unknown field on a client without an id", JSON.stringify({ clients: [service, { clientId: "x" }] }), 'clients[1]: unknown field "clientId"'],
    ["no client_id", JSON.stringify({ clients: [{ client_secret: "s", scope: "read" }] }), "clients[0]: client_id is required, a non-empty string of printable ASCII"],
    ["a client_id with a line break", JSON.stringify({ clients: [{ ...service, client_id: "a\nb" }] }), "clients[0]: client_id is required, a non-empty string of printable ASCII"],
    ["a numeric client_secret", JSON.stringify({ clients: [{ ...service, client_secret: 123456 }] }), "client svc: client_secret must be a string"],
    ["a client_secret_hash that is not a string", JSON.stringify({ clients: [{ ...service, client_secret: undefined, client_secret_hash: 1 }] }), "client svc: client_secret_hash must be a string from hashClientSecret()"],
    ["no scope", JSON.stringify({ clients: [{ client_id: "svc", client_secret: "s" }] }), 'client svc: scope is required, a space-delimited string such as "read write"'],
    ["scope as an array", JSON.stringify({ clients: [{ ...service, scope: ["read"] }] }), 'client svc: scope is required, a space-delimited string such as "read write"'],
    ["a scope with a doubled space", JSON.stringify({ clients: [{ ...service, scope: "read  write" }] }), "client svc: scope must be scope tokens separated by single spaces (RFC 6749 §3.3)"],
    ["an empty scope", JSON.stringify({ clients: [{ ...service, scope: "" }] }), "client svc: scope must be scope tokens separated by single spaces (RFC 6749 §3.3)"],
    ["grant_types as a string", JSON.stringify({ clients: [{ ...service, grant_types: "client_credentials" }] }), 'client svc: grant_types must be an array of strings such as ["client_credentials"]'],
    ["a numeric token_endpoint_auth_method", JSON.stringify({ clients: [{ ...service, token_endpoint_auth_method: 1 }] }), 'client svc: token_endpoint_auth_method must be a string such as "client_secret_basic"'],
    ["resources as a string", JSON.stringify({ clients: [{ ...service, resources: "https://api.example.com" }] }), 'client svc: resources must be an array of absolute URIs such as ["https://api.example.com"]'],
    ["access_token_ttl as a string", JSON.stringify({ clients: [{ ...service, access_token_ttl: "300" }] }), "client svc: access_token_ttl must be a whole number of seconds"],
    ["introspection as a string", JSON.stringify({ clients: [{ ...service, introspection: "yes" }] }), "client svc: introspection must be true or false"],
    ["disabled as a number", JSON.stringify({ clients: [{ ...service, disabled: 1 }] }), "client svc: disabled must be true or false"],
    // From here on the core's own checks, reworded in the variable's field names.
    ["a relative resource", JSON.stringify({ clients: [{ ...service, resources: ["/api"] }] }), "client svc: resources must be absolute URIs without a fragment (RFC 8707 §2)"],
    ["default_resources outside resources", JSON.stringify({ clients: [{ ...service, resources: ["https://a.example"], default_resources: ["https://b.example"] }] }), "client svc: default_resources must be among its resources"],
    ["a fractional access_token_ttl", JSON.stringify({ clients: [{ ...service, access_token_ttl: 1.5 }] }), "client svc: access_token_ttl must be a positive whole number of seconds"],
    ["an unsupported token_endpoint_auth_method", JSON.stringify({ clients: [{ ...service, token_endpoint_auth_method: "none" }] }), "client svc: token_endpoint_auth_method must be one of client_secret_basic, client_secret_post, private_key_jwt"],
    ["both client_secret and client_secret_hash", JSON.stringify({ clients: [{ ...service, client_secret_hash: "sha256:x" }] }), "client svc: give client_secret or client_secret_hash, not both"],
    ["a client_secret_hash not from hashClientSecret", JSON.stringify({ clients: [{ client_id: "svc", client_secret_hash: "svc-secret-value", scope: "read" }] }), "client svc: client_secret_hash must come from hashClientSecret()"],
    ["a client_secret with a line break", JSON.stringify({ clients: [{ ...service, client_secret: "svc-secret-value\n" }] }), "client svc: client_secret must be a non-empty string of printable ASCII (RFC 6749 A.2)"],
    ["no secret for the client credentials grant", JSON.stringify({ clients: [{ client_id: "svc", scope: "read" }] }), "client svc: the client_credentials grant needs a confidential client: give it a secret, or keys for private_key_jwt (RFC 6749 §4.4)"],
    ["jwks that is not a JWK Set", JSON.stringify({ clients: [{ ...keyClient, jwks: [ecJwk] }] }), 'client keyed: jwks must be a JWK Set such as {"keys": [{"kty": "EC", …}]}'],
    ["a private_key_jwt client with a secret", JSON.stringify({ clients: [{ ...keyClient, client_secret: "svc-secret-value" }] }), "client keyed: a private_key_jwt client has no secret: remove client_secret or client_secret_hash"],
    ["a private_key_jwt client without keys", JSON.stringify({ clients: [{ ...keyClient, jwks: undefined }] }), "client keyed: a private_key_jwt client needs its public keys: give jwks or jwks_uri"],
    ["an http jwks_uri", JSON.stringify({ clients: [{ ...keyClient, jwks: undefined, jwks_uri: "http://keys.example/jwks" }] }), "client keyed: jwks_uri: must use https (http is allowed only for localhost)"],
    ["an HMAC token_endpoint_auth_signing_alg", JSON.stringify({ clients: [{ ...keyClient, token_endpoint_auth_signing_alg: "HS256" }] }), "client keyed: token_endpoint_auth_signing_alg must be one of RS256, PS256, ES256, EdDSA, Ed25519"],
    ["dpop_bound_access_tokens as a string", JSON.stringify({ clients: [{ ...service, dpop_bound_access_tokens: "yes" }] }), "client svc: dpop_bound_access_tokens must be true or false"],
    ["the same client_id twice", JSON.stringify({ clients: [service, service] }), "client svc is registered twice"],
  ];

  it.each(invalid)("refuses %s", async (_name, document, problem) => {
    const error = await failure(load({ ...quiet, OAUTH_CLIENTS: document }));
    expect(error).toEqual({ variable: "OAUTH_CLIENTS", message: `OAUTH_CLIENTS: ${problem}` });
    expect(error.message).not.toContain("svc-secret-value");
    expect(error.message).not.toContain("\n");
  });
});

describe("OAUTH_PRIVATE_KEY and OAUTH_PRIVATE_KEY_FILE", () => {
  it("passes the PEM in OAUTH_PRIVATE_KEY to the server", async () => {
    const { pem } = await generateTestKey();
    const config = await load({ OAUTH_CLIENTS: clientsJson, OAUTH_PRIVATE_KEY: pem });
    expect(config.options(3000).signingKey).toBe(pem.trim());
    expect(config.warnings).toEqual([]);
  });

  it("turns literal \\n escapes into line breaks, as env files and CI secrets carry them", async () => {
    const { pem } = await generateTestKey();
    const escaped = pem.trim().replaceAll("\n", "\\n");
    expect(escaped).not.toContain("\n");
    const config = await load({ OAUTH_CLIENTS: clientsJson, OAUTH_PRIVATE_KEY: escaped });
    expect(config.options(3000).signingKey).toBe(pem.trim());
  });

  it("turns literal \\r\\n escapes into line breaks too", async () => {
    const { pem } = await generateTestKey();
    const escaped = pem.trim().replaceAll("\n", "\\r\\n");
    const config = await load({ OAUTH_CLIENTS: clientsJson, OAUTH_PRIVATE_KEY: escaped });
    expect(config.options(3000).signingKey).toBe(pem.trim());
  });

  it("reads the PEM from OAUTH_PRIVATE_KEY_FILE", async () => {
    const { pem } = await generateTestKey();
    const config = await load(
      { OAUTH_CLIENTS: clientsJson, OAUTH_PRIVATE_KEY_FILE: "/run/secrets/key.pem" },
      files({ "/run/secrets/key.pem": pem }),
    );
    expect(config.options(3000).signingKey).toBe(pem.trim());
    expect(config.warnings).toEqual([]);
  });

  it("refuses both at once", async () => {
    const env = { ...quiet, OAUTH_PRIVATE_KEY_FILE: "/key.pem" };
    expect(await failure(load(env, files({ "/key.pem": "pem" })))).toEqual({
      variable: "OAUTH_PRIVATE_KEY_FILE",
      message: "OAUTH_PRIVATE_KEY_FILE: set OAUTH_PRIVATE_KEY or OAUTH_PRIVATE_KEY_FILE, not both",
    });
  });

  it("names a file it cannot read", async () => {
    const failing: ReadFile = async () => {
      throw Object.assign(new Error("EACCES: permission denied"), { code: "EACCES" });
    };
    expect(await failure(load({ OAUTH_CLIENTS: clientsJson, OAUTH_PRIVATE_KEY_FILE: "/root/key.pem" }, failing))).toEqual({
      variable: "OAUTH_PRIVATE_KEY_FILE",
      message: "OAUTH_PRIVATE_KEY_FILE: cannot read /root/key.pem (EACCES)",
    });
  });

  it.each(["ES256", "EdDSA"] as const)("passes an %s key's PEM as it is: the key's type picks the algorithm", async (alg) => {
    const { pem } = await generateTestKey(alg);
    const config = await load({ OAUTH_CLIENTS: clientsJson, OAUTH_PRIVATE_KEY: pem });
    expect(config.options(3000).signingKey).toBe(pem.trim());
  });

  // A PEM the core cannot import fails at server.ready; see config-error.test.ts.
});

describe("OAUTH_PREVIOUS_PRIVATE_KEYS and OAUTH_PREVIOUS_PRIVATE_KEYS_FILE", () => {
  let rsa: string;
  let ec: string;
  let ed: string;
  beforeAll(async () => {
    const pemOf = async (alg: "RS256" | "ES256" | "EdDSA") => (await generateTestKey(alg)).pem.trim();
    [rsa, ec, ed] = await Promise.all([pemOf("RS256"), pemOf("ES256"), pemOf("EdDSA")]);
  });

  async function publishedKeys(env: Env, readFile?: ReadFile): Promise<unknown> {
    return (await load({ ...quiet, ...env }, readFile)).options(3000).publishedKeys;
  }

  it("passes each PEM, separated by a blank line, to the server's publishedKeys, in order", async () => {
    expect(await publishedKeys({ OAUTH_PREVIOUS_PRIVATE_KEYS: `${rsa}\n\n${ec}\n` })).toEqual([rsa, ec]);
  });

  it("takes a single PEM", async () => {
    expect(await publishedKeys({ OAUTH_PREVIOUS_PRIVATE_KEYS: ec })).toEqual([ec]);
  });

  it("takes several blank lines, lines of spaces and CRLF line breaks between keys", async () => {
    const crlf = (pem: string) => pem.replaceAll("\n", "\r\n");
    const value = `\n${crlf(rsa)}\r\n \r\n\t\r\n${crlf(ec)}\r\n\r\n\r\n${crlf(ed)}\r\n`;
    const keys = (await publishedKeys({ OAUTH_PREVIOUS_PRIVATE_KEYS: value })) as string[];
    expect(keys.map((pem) => pem.replaceAll("\r\n", "\n"))).toEqual([rsa, ec, ed]);
  });

  it("splits PEMs concatenated without a blank line, as `cat old-1.pem old-2.pem` leaves them", async () => {
    expect(await publishedKeys({ OAUTH_PREVIOUS_PRIVATE_KEYS: `${rsa}\n${ec}\n${ed}\n` })).toEqual([rsa, ec, ed]);
  });

  it("turns literal \\n escapes into line breaks, blank lines included", async () => {
    const escaped = `${rsa}\n\n${ec}`.replaceAll("\n", "\\n");
    expect(escaped).not.toContain("\n");
    expect(await publishedKeys({ OAUTH_PREVIOUS_PRIVATE_KEYS: escaped })).toEqual([rsa, ec]);
    const crlfEscaped = `${rsa}\n\n${ec}`.replaceAll("\n", "\\r\\n");
    expect(await publishedKeys({ OAUTH_PREVIOUS_PRIVATE_KEYS: crlfEscaped })).toEqual([rsa, ec]);
  });

  it("reads the PEMs from OAUTH_PREVIOUS_PRIVATE_KEYS_FILE, as text or as UTF-8 bytes", async () => {
    const text = `${rsa}\n\n${ec}\n`;
    for (const contents of [text, new TextEncoder().encode(text)]) {
      const readFile = files({ "/run/secrets/previous.pem": contents });
      const config = await load({ ...quiet, OAUTH_PREVIOUS_PRIVATE_KEYS_FILE: "/run/secrets/previous.pem" }, readFile);
      expect(config.options(3000).publishedKeys).toEqual([rsa, ec]);
      expect(config.warnings).toEqual([]);
    }
  });

  it("returns a frozen list", async () => {
    expect(Object.isFrozen(await publishedKeys({ OAUTH_PREVIOUS_PRIVATE_KEYS: rsa }))).toBe(true);
    expect(Object.isFrozen(await publishedKeys({}))).toBe(true);
  });

  it("refuses both at once", async () => {
    const env = { ...quiet, OAUTH_PREVIOUS_PRIVATE_KEYS: rsa, OAUTH_PREVIOUS_PRIVATE_KEYS_FILE: "/previous.pem" };
    expect(await failure(load(env, files({ "/previous.pem": ec })))).toEqual({
      variable: "OAUTH_PREVIOUS_PRIVATE_KEYS_FILE",
      message: "OAUTH_PREVIOUS_PRIVATE_KEYS_FILE: set OAUTH_PREVIOUS_PRIVATE_KEYS or OAUTH_PREVIOUS_PRIVATE_KEYS_FILE, not both",
    });
  });

  it("names a file it cannot read", async () => {
    expect(await failure(load({ ...quiet, OAUTH_PREVIOUS_PRIVATE_KEYS_FILE: "/missing.pem" }))).toEqual({
      variable: "OAUTH_PREVIOUS_PRIVATE_KEYS_FILE",
      message: "OAUTH_PREVIOUS_PRIVATE_KEYS_FILE: cannot read /missing.pem (ENOENT)",
    });
  });

  it("refuses a value or a file that holds nothing but line breaks", async () => {
    expect(await failure(load({ ...quiet, OAUTH_PREVIOUS_PRIVATE_KEYS: "\\n\\n" }))).toEqual({
      variable: "OAUTH_PREVIOUS_PRIVATE_KEYS",
      message: "OAUTH_PREVIOUS_PRIVATE_KEYS: holds no key: expected PKCS#8 PEMs separated by blank lines",
    });
    const blank = files({ "/previous.pem": "\n \n" });
    expect(await failure(load({ ...quiet, OAUTH_PREVIOUS_PRIVATE_KEYS_FILE: "/previous.pem" }, blank))).toEqual({
      variable: "OAUTH_PREVIOUS_PRIVATE_KEYS_FILE",
      message: "OAUTH_PREVIOUS_PRIVATE_KEYS_FILE: holds no key: expected PKCS#8 PEMs separated by blank lines",
    });
  });

  // A PEM the core cannot import fails at server.ready, named by its position; see config-error.test.ts.
});

describe("variables set but empty", () => {
  it.each([
    "PORT",
    "HOST",
    "OAUTH_ISSUER",
    "OAUTH_CLIENTS",
    "OAUTH_CLIENTS_FILE",
    "OAUTH_PRIVATE_KEY",
    "OAUTH_PRIVATE_KEY_FILE",
    "OAUTH_PREVIOUS_PRIVATE_KEYS",
    "OAUTH_PREVIOUS_PRIVATE_KEYS_FILE",
    "OAUTH_ACCESS_TOKEN_TTL",
    "OAUTH_AUDIENCE",
  ])("%s= is a mistake, not the default (no fallback to the demo client or a generated key)", async (variable) => {
    const env = { OAUTH_CLIENTS: undefined, OAUTH_PRIVATE_KEY: undefined, [variable]: " " };
    expect(await failure(load(env))).toEqual({
      variable,
      message: `${variable}: is set but empty; unset it to use the default`,
    });
  });
});

describe("the options, given to the core", () => {
  it("make a server that issues tokens the JWKS verifies, for the configured issuer, audience and lifetime", async () => {
    const config = await load({
      ...quiet,
      PORT: "0",
      OAUTH_PRIVATE_KEY: (await generateTestKey()).pem,
      OAUTH_AUDIENCE: "https://api.example.com",
      OAUTH_ACCESS_TOKEN_TTL: "120",
    });
    const server = createAuthorizationServer({ ...config.options(40123), grants: [clientCredentialsGrant()] });
    await server.ready;

    const response = await server.fetch(
      new Request("http://localhost:40123/token", {
        method: "POST",
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          authorization: basicAuthorization(service.client_id, service.client_secret),
        },
        body: "grant_type=client_credentials&scope=write",
      }),
    );
    expect(response.status).toBe(200);
    const { access_token, expires_in, scope } = (await response.json()) as Record<string, unknown>;
    expect({ expires_in, scope }).toEqual({ expires_in: 120, scope: "write" });

    const jwks = (await (await server.fetch(new Request("http://localhost:40123/.well-known/jwks.json"))).json()) as JSONWebKeySet;
    const { payload } = await jwtVerify(access_token as string, createLocalJWKSet(jwks), {
      issuer: "http://localhost:40123",
      audience: "https://api.example.com",
      typ: "at+jwt",
    });
    expect(payload).toMatchObject({ client_id: "svc", sub: "svc", scope: "write" });
  });

  it("with an ES256 signing key and previous RSA and Ed25519 keys: ES256 tokens, all three keys in the JWKS", async () => {
    const [current, previousRsa, previousEd] = await Promise.all([
      generateTestKey("ES256"),
      generateTestKey("RS256"),
      generateTestKey("EdDSA"),
    ]);
    const config = await load({
      OAUTH_CLIENTS: clientsJson,
      OAUTH_PRIVATE_KEY: current.pem,
      OAUTH_PREVIOUS_PRIVATE_KEYS: `${previousRsa.pem}\n${previousEd.pem}`,
    });
    const server = createAuthorizationServer({ ...config.options(3000), grants: [clientCredentialsGrant()] });
    await server.ready;

    const jwks = await server.keys.jwks();
    expect(jwks.keys.map(({ kid, alg }) => ({ kid, alg }))).toEqual(
      expect.arrayContaining([
        { kid: current.kid, alg: "ES256" },
        { kid: previousRsa.kid, alg: "RS256" },
        { kid: previousEd.kid, alg: "EdDSA" },
      ]),
    );
    expect(jwks.keys).toHaveLength(3);
    expect((await server.keys.list()).filter((key) => key.active).map((key) => key.kid)).toEqual([current.kid]);

    const response = await server.fetch(
      new Request("http://localhost:3000/token", {
        method: "POST",
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          authorization: basicAuthorization(service.client_id, service.client_secret),
        },
        body: "grant_type=client_credentials",
      }),
    );
    const { access_token } = (await response.json()) as { access_token: string };
    expect(decodeProtectedHeader(access_token)).toEqual({ alg: "ES256", typ: "at+jwt", kid: current.kid });

    const claims = { iss: "http://localhost:3000", aud: "http://localhost:3000", client_id: "svc", scope: "read" };
    const keySet = createLocalJWKSet({ keys: [...jwks.keys] });
    for (const token of [access_token, await signAccessToken(previousRsa, claims), await signAccessToken(previousEd, claims)]) {
      const { payload } = await jwtVerify(token, keySet, { issuer: claims.iss, audience: claims.aud, typ: "at+jwt" });
      expect(payload).toMatchObject({ client_id: "svc" });
    }
  });

  it("publishes a previous key that is also the signing key once", async () => {
    const key = await generateTestKey("ES256");
    const config = await load({ OAUTH_CLIENTS: clientsJson, OAUTH_PRIVATE_KEY: key.pem, OAUTH_PREVIOUS_PRIVATE_KEYS: key.pem });
    const server = createAuthorizationServer({ ...config.options(3000), grants: [clientCredentialsGrant()] });
    expect((await server.keys.jwks()).keys.map(({ kid }) => kid)).toEqual([key.kid]);
  });
});
