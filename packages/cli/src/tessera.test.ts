import { clientCredentialsGrant, createAuthorizationServer, hashClientSecret, InMemoryClientRepository } from "@tessera/core";
import { calculateJwkThumbprint, importPKCS8, type JWK } from "jose";
import { describe, expect, it } from "vitest";
import { commands } from "./commands/index.js";
import { keyAlgorithms } from "./commands/keys.js";
import { oneErrorLine, tessera } from "./tessera.test.helpers.js";

describe("tessera", { timeout: 60_000 }, () => {
  it("lists every command in --help, and exits 2 with the same list when given none", async () => {
    const help = await tessera(["--help"]);
    expect(help.code).toBe(0);
    for (const command of commands) expect(help.stdout).toContain(`  ${command.name} `);
    expect(help.stdout).toMatch(/Exit codes: 0 done; 1 failed/);
    const none = await tessera([]);
    expect(none).toMatchObject({ code: 2, stdout: help.stdout });
  });

  it("answers --help for every command with its usage and options", async () => {
    const helps = await Promise.all(commands.map((command) => tessera([...command.name.split(" "), "--help"])));
    for (const [index, command] of commands.entries()) {
      const ran = helps[index] ?? { code: null, stdout: "", stderr: "" };
      expect(ran.code, command.name).toBe(0);
      expect(ran.stdout).toMatch(new RegExp(`^Usage: tessera ${command.name}\\b`));
      expect(ran.stdout).toContain("--json");
    }
  });

  it("refuses an unknown command, group action or option in one line, exit code 2", async () => {
    for (const args of [["frobnicate"], ["clients"], ["clients", "frobnicate"], ["keys", "generate", "--frob"], ["keys", "generate", "extra"]]) {
      const ran = await tessera(args);
      expect(ran.code, args.join(" ")).toBe(2);
      expect(oneErrorLine(ran)).toMatch(/tessera/);
      expect(ran.stdout).toBe("");
    }
    expect(oneErrorLine(await tessera(["clients"]))).toContain("create, list, show, update, disable, enable, rotate-secret, delete");
  });

  it("prints its version", async () => {
    expect((await tessera(["--version"])).stdout).toMatch(/^\d+\.\d+\.\d+/);
  });
});

describe("tessera keys generate", { timeout: 60_000 }, () => {
  it.each(keyAlgorithms)("makes a %s key: the PEM on stdout, its kid (RFC 7638) and public JWK on stderr", async (alg) => {
    const ran = await tessera(["keys", "generate", "--alg", alg]);
    expect(ran.code).toBe(0);
    expect(ran.stdout).toMatch(/^-----BEGIN (?:RSA-PSS )?PRIVATE KEY-----\n[\s\S]+\n-----END (?:RSA-PSS )?PRIVATE KEY-----\n$/);
    const [, kid] = /^kid: (\S+)$/m.exec(ran.stderr) ?? [];
    const [, jwk] = /^public JWK: (.+)$/m.exec(ran.stderr) ?? [];
    const publicJwk = JSON.parse(jwk ?? "") as JWK;
    expect(publicJwk).toMatchObject({ alg, kid, use: "sig" });
    expect(publicJwk).not.toHaveProperty("d");
    expect(await calculateJwkThumbprint(publicJwk)).toBe(kid);
    // What OAUTH_PRIVATE_KEY takes: a server signs with it and publishes it under that kid.
    const server = createAuthorizationServer({ issuer: "https://auth.example.com", clients: new InMemoryClientRepository([]), signingKey: ran.stdout, grants: [clientCredentialsGrant()] });
    await server.ready;
    const jwks = (await (await server.fetch(new Request("https://auth.example.com/.well-known/jwks.json"))).json()) as { keys: JWK[] };
    expect(jwks.keys).toEqual([publicJwk]);
  });

  it("prints one JSON document with --json, RS256 by default", async () => {
    const ran = await tessera(["keys", "generate", "--json"]);
    const key = JSON.parse(ran.stdout) as { alg: string; kid: string; private_key_pem: string; public_jwk: JWK };
    expect(key.alg).toBe("RS256");
    expect(key.public_jwk.kid).toBe(key.kid);
    await importPKCS8(key.private_key_pem, "RS256");
    expect(ran.stderr).toBe("");
  });

  it("refuses an algorithm it does not make, exit code 2", async () => {
    const ran = await tessera(["keys", "generate", "--alg", "HS256"]);
    expect(ran.code).toBe(2);
    expect(oneErrorLine(ran)).toContain(`--alg must be one of ${keyAlgorithms.join(", ")}`);
  });
});

describe("tessera secret", { timeout: 60_000 }, () => {
  it("generates a 256-bit secret and its hash", async () => {
    const ran = await tessera(["secret", "generate", "--json"]);
    const { client_secret, client_secret_hash } = JSON.parse(ran.stdout) as Record<string, string>;
    expect(client_secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(client_secret_hash).toBe(await hashClientSecret(client_secret ?? ""));
    const text = await tessera(["secret", "generate"]);
    expect(text.stdout).toMatch(/^client_secret: [A-Za-z0-9_-]{43}\nclient_secret_hash: sha256:[A-Za-z0-9_-]{43}\n$/);
  });

  it("hashes a secret read from standard input, its line break dropped", async () => {
    const expected = await hashClientSecret("s3cret-value");
    expect(await tessera(["secret", "hash"], { input: "s3cret-value\n" })).toMatchObject({ code: 0, stdout: `${expected}\n` });
    expect(JSON.parse((await tessera(["secret", "hash", "--json"], { input: "s3cret-value" })).stdout)).toEqual({ client_secret_hash: expected });
  });

  it("never takes the secret from the command line, and never echoes it", async () => {
    const ran = await tessera(["secret", "hash", "s3cret-value"]);
    expect(ran.code).toBe(2);
    expect(oneErrorLine(ran)).not.toContain("s3cret-value");
  });

  it("refuses empty or several-line input, exit code 1", async () => {
    expect(oneErrorLine(await tessera(["secret", "hash"], { input: "" }))).toBe("error: no secret on standard input");
    const twoLines = await tessera(["secret", "hash"], { input: "first\nsecond\n" });
    expect(twoLines.code).toBe(1);
    expect(oneErrorLine(twoLines)).not.toContain("first");
  });
});

describe("the database commands without a database", { timeout: 60_000 }, () => {
  const databaseCommands = [["clients", "list"], ["clients", "show", "a"], ["clients", "create", "a", "--scope", "read"], ["clients", "rotate-secret", "a"], ["clients", "delete", "a"], ["revoke", "--jti", "x"], ["migrate"]];

  it("fail in one line when OAUTH_DATABASE_URL is not set: memory would not outlive the command", async () => {
    for (const args of databaseCommands) {
      const ran = await tessera(args);
      expect(ran.code, args.join(" ")).toBe(1);
      expect(oneErrorLine(ran)).toMatch(/^error: OAUTH_DATABASE_URL is not set: `tessera [a-z -]+` works on the PostgreSQL database it names/);
    }
  });

  it("never show the connection string or its password", async () => {
    const notUrl = await tessera(["clients", "list"], { env: { OAUTH_DATABASE_URL: "user:hunter2@somewhere" } });
    expect(notUrl.code).toBe(1);
    expect(oneErrorLine(notUrl)).not.toContain("hunter2");
    const unreachable = await tessera(["migrate"], { env: { OAUTH_DATABASE_URL: "postgres://user:hunter2@127.0.0.1:1/tessera" } });
    expect(unreachable.code).toBe(1);
    expect(oneErrorLine(unreachable)).toMatch(/^error: the database is out of reach: .*ECONNREFUSED/);
    expect(unreachable.stderr).not.toContain("hunter2");
  });
});
