import { clientCredentialsGrant, createAuthorizationServer } from "@tessera/core";
import { describe, expect, it } from "vitest";
import { ConfigError, toConfigError } from "./config-error.js";
import type { Env } from "./env.js";
import { loadConfig } from "./load-config.js";
import { generateTestKey } from "@tessera/conformance/examples";

const clients = JSON.stringify({ clients: [{ client_id: "svc", client_secret: "svc-secret-value", scope: "read" }] });

/** What the example does: load, create the server, await `ready`; the failure, as `toConfigError` renders it. */
async function startupFailure(env: Env, files: Record<string, string> = {}): Promise<ConfigError | undefined> {
  const readFile = async (path: string) => files[path] ?? Promise.reject(new Error("no such file"));
  try {
    const config = await loadConfig({ OAUTH_CLIENTS: clients, ...env }, { readFile });
    const server = createAuthorizationServer({ ...config.options(3000), grants: [clientCredentialsGrant()] });
    await server.ready;
  } catch (error) {
    const configError = toConfigError(error, env);
    expect(configError).toBeInstanceOf(ConfigError);
    return configError;
  }
  return undefined;
}

describe("ConfigError", () => {
  it("is an Error whose message is VARIABLE: problem", () => {
    const error = new ConfigError("PORT", "must be a whole number");
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({ name: "ConfigError", variable: "PORT", problem: "must be a whole number" });
    expect(error.message).toBe("PORT: must be a whole number");
  });

  it("keeps its message on one line", () => {
    expect(new ConfigError("HOST", "first\r\nsecond\nthird").message).toBe("HOST: first second third");
  });
});

describe("toConfigError", () => {
  it("returns a ConfigError as it is", () => {
    const error = new ConfigError("PORT", "x");
    expect(toConfigError(error, {})).toBe(error);
  });

  it.each([
    ["an Error", new Error("issuer: boom")],
    ["a TypeError without the core's code", new TypeError("issuer: boom")],
    ["a core TypeError for an option the environment does not set", coded("grants: enable at least one grant")],
    ["a coded TypeError without an option name", coded("something went wrong")],
    ["a coded TypeError for an option the environment does not set, indexed", coded("grants[0]: is wrong")],
    ["a string", "issuer: boom"],
    ["undefined", undefined],
  ])("leaves %s alone (a bug, whose stack trace is worth seeing)", (_name, error) => {
    expect(toConfigError(error, {})).toBeUndefined();
  });

  it.each([
    ["issuer", "OAUTH_ISSUER"],
    ["audience", "OAUTH_AUDIENCE"],
    ["accessTokenTtl", "OAUTH_ACCESS_TOKEN_TTL"],
    ["signingKey", "OAUTH_PRIVATE_KEY"],
  ])("names the variable behind the core option %s", (option, variable) => {
    expect(toConfigError(coded(`${option}: is wrong`), {})).toMatchObject({ variable, message: `${variable}: is wrong` });
  });

  it("names OAUTH_PRIVATE_KEY_FILE for the key when the key came from a file", () => {
    const error = toConfigError(coded("signingKey: is wrong"), { OAUTH_PRIVATE_KEY_FILE: "/key.pem" });
    expect(error?.message).toBe("OAUTH_PRIVATE_KEY_FILE: is wrong");
  });

  it.each([
    ["publishedKeys[0]", "key 1"],
    ["publishedKeys[1]", "key 2"],
    ["publishedKeys[11]", "key 12"],
  ])("names OAUTH_PREVIOUS_PRIVATE_KEYS for %s, and which key, counting from 1: %s", (option, key) => {
    expect(toConfigError(coded(`${option}: is wrong`), {})).toMatchObject({
      variable: "OAUTH_PREVIOUS_PRIVATE_KEYS",
      message: `OAUTH_PREVIOUS_PRIVATE_KEYS: ${key}: is wrong`,
    });
  });

  it("names OAUTH_PREVIOUS_PRIVATE_KEYS_FILE when the previous keys came from a file", () => {
    const error = toConfigError(coded("publishedKeys[2]: is wrong"), { OAUTH_PREVIOUS_PRIVATE_KEYS_FILE: "/previous.pem" });
    expect(error?.message).toBe("OAUTH_PREVIOUS_PRIVATE_KEYS_FILE: key 3: is wrong");
  });
});

describe("start-up failures from the core, named by variable", () => {
  it.each([
    ["http for a host that is not loopback", "http://auth.example.com", "must use https (http is allowed only for localhost)"],
    ["a query", "https://auth.example.com/?tenant=1", "must not have a query or fragment (RFC 8414 §2)"],
    ["credentials", "https://user:pass@auth.example.com", "must not contain credentials"],
    ["a form that is not normalised", "https://AUTH.example.com", "must be in normalised form, such as https://auth.example.com"],
  ])("OAUTH_ISSUER with %s, refused by createAuthorizationServer", async (_name, issuer, problem) => {
    expect((await startupFailure({ OAUTH_ISSUER: issuer }))?.message).toBe(`OAUTH_ISSUER: ${problem}`);
  });

  const badKeys: readonly [name: string, pem: string, problem: string][] = [
    ["not a PEM", "not-a-key", "expected a PKCS#8 PEM (-----BEGIN PRIVATE KEY-----)"],
    [
      "a PKCS#1 PEM",
      "-----BEGIN RSA PRIVATE KEY-----\nMIIEow\n-----END RSA PRIVATE KEY-----",
      "PKCS#1 and SEC 1 PEM are not supported; convert it with `openssl pkcs8 -topk8 -nocrypt`",
    ],
    [
      "an encrypted PEM",
      "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIFHz\n-----END ENCRYPTED PRIVATE KEY-----",
      "an encrypted PEM (ENCRYPTED PRIVATE KEY) needs a passphrase, which Tessera does not take; " +
        "decrypt it to PKCS#8 with `openssl pkey -in encrypted.pem -out key.pem` and keep that file secret",
    ],
    [
      "a public key",
      "-----BEGIN PUBLIC KEY-----\nMIIBIj\n-----END PUBLIC KEY-----",
      "this PEM is a public key; the signing key must be the private key (-----BEGIN PRIVATE KEY-----)",
    ],
    [
      "a PKCS#8 PEM whose body is not a key",
      "-----BEGIN PRIVATE KEY-----\nc2VjcmV0LWtleS1ib2R5\n-----END PRIVATE KEY-----",
      "the PEM is not a valid PKCS#8 RSA, RSA-PSS (SHA-256), EC P-256 or Ed25519 private key",
    ],
  ];

  it.each(badKeys)("OAUTH_PRIVATE_KEY holding %s, refused by server.ready", async (_name, pem, problem) => {
    const error = await startupFailure({ OAUTH_PRIVATE_KEY: pem });
    expect(error?.message).toBe(`OAUTH_PRIVATE_KEY: ${problem}`);
    expect(error?.message).not.toContain("c2VjcmV0LWtleS1ib2R5");
  });

  it("OAUTH_PRIVATE_KEY_FILE holding a 1024-bit key, refused by server.ready", async () => {
    const { pem } = await generateTestKey("RS256", { modulusLength: 1024 });
    const error = await startupFailure({ OAUTH_PRIVATE_KEY_FILE: "/key.pem" }, { "/key.pem": pem });
    expect(error?.message).toBe("OAUTH_PRIVATE_KEY_FILE: RSA keys must be at least 2048 bits (RFC 7518 §3.3)");
  });

  it.each(badKeys)("OAUTH_PREVIOUS_PRIVATE_KEYS whose second key is %s, refused by server.ready", async (_name, pem, problem) => {
    const { pem: good } = await generateTestKey("ES256");
    const error = await startupFailure({ OAUTH_PREVIOUS_PRIVATE_KEYS: `${good}\n${pem}` });
    expect(error?.message).toBe(`OAUTH_PREVIOUS_PRIVATE_KEYS: key 2: ${problem}`);
    expect(error?.message).not.toContain("c2VjcmV0LWtleS1ib2R5");
  });

  it("OAUTH_PREVIOUS_PRIVATE_KEYS_FILE whose first key has 1024 bits, refused by server.ready", async () => {
    const { pem: small } = await generateTestKey("RS256", { modulusLength: 1024 });
    const { pem: good } = await generateTestKey();
    const error = await startupFailure({ OAUTH_PREVIOUS_PRIVATE_KEYS_FILE: "/previous.pem" }, { "/previous.pem": `${small}\n${good}` });
    expect(error?.message).toBe("OAUTH_PREVIOUS_PRIVATE_KEYS_FILE: key 1: RSA keys must be at least 2048 bits (RFC 7518 §3.3)");
  });

  it.each(["RS256", "ES256", "EdDSA"] as const)("a good %s key and issuer start", async (alg) => {
    const { pem } = await generateTestKey(alg);
    expect(await startupFailure({ OAUTH_PRIVATE_KEY: pem, OAUTH_ISSUER: "https://auth.example.com" })).toBeUndefined();
  });

  it("good previous keys of each type start", async () => {
    const pems = await Promise.all((["RS256", "ES256", "EdDSA"] as const).map(async (alg) => (await generateTestKey(alg)).pem));
    const { pem } = await generateTestKey();
    expect(await startupFailure({ OAUTH_PRIVATE_KEY: pem, OAUTH_PREVIOUS_PRIVATE_KEYS: pems.join("\n") })).toBeUndefined();
  });
});

function coded(message: string): TypeError {
  return Object.assign(new TypeError(message), { code: "ERR_INVALID_ARG_VALUE" });
}
