import { clientCredentialsGrant, createAuthorizationServer, generateSigningKey, type AuthorizationServer } from "@tessera/core";
import { fromPostgresJs, PostgresStore } from "@tessera/postgres";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { oneErrorLine, tessera, testDatabase, type Ran } from "./tessera.test.helpers.js";

let env: Record<string, string>;
let sql: ReturnType<typeof postgres>;
let store: PostgresStore;
let server: AuthorizationServer;

beforeAll(async () => {
  env = { OAUTH_DATABASE_URL: await testDatabase() };
  sql = postgres(env.OAUTH_DATABASE_URL ?? "", { max: 2, onnotice: () => {} });
  store = new PostgresStore(fromPostgresJs(sql));
  // A server reading its clients from the same database, as a deployment's would.
  const { privateKeyPem } = await generateSigningKey("ES256");
  server = createAuthorizationServer({ issuer: "https://auth.example.com", clients: store, signingKey: privateKeyPem, grants: [clientCredentialsGrant()] });
});

afterAll(() => sql.end());

const json = <T = Record<string, unknown>>(ran: Ran): T => {
  expect(ran.stderr).toBe("");
  expect(ran.code).toBe(0);
  return JSON.parse(ran.stdout) as T;
};

/** The status of a client credentials token request with `clientId:secret`. */
async function tokenStatus(clientId: string, secret: string): Promise<number> {
  const response = await server.fetch(
    new Request("https://auth.example.com/token", {
      method: "POST",
      headers: { authorization: `Basic ${btoa(`${clientId}:${secret}`)}`, "content-type": "application/x-www-form-urlencoded" },
      body: "grant_type=client_credentials",
    }),
  );
  return response.status;
}

describe("tessera migrate", { timeout: 60_000 }, () => {
  it("tells that the tables are missing before it runs, then makes them once", async () => {
    const early = await tessera(["clients", "list"], { env });
    expect(early.code).toBe(1);
    expect(oneErrorLine(early)).toMatch(/tessera_clients.*does not exist \(42P01\); run `tessera migrate` first$/);
    expect(await tessera(["migrate"], { env })).toMatchObject({ code: 0, stdout: expect.stringMatching(/^migrated from schema version 0 to \d+\n$/) });
    const again = json<{ from: number; to: number }>(await tessera(["migrate", "--json"], { env }));
    expect(again.from).toBe(again.to);
  });

  it("migrates another schema with --schema, and refuses a schema name it cannot use", async () => {
    expect((await tessera(["migrate", "--schema", "auth"], { env })).code).toBe(0);
    expect(json(await tessera(["clients", "list", "--schema", "auth", "--json"], { env }))).toEqual({ clients: [] });
    const bad = await tessera(["migrate", "--schema", "Auth; DROP"], { env });
    expect(bad.code).toBe(2);
    expect(oneErrorLine(bad)).toContain("--schema must be a lower-case identifier");
  });
});

describe("tessera clients", { timeout: 60_000 }, () => {
  let secret: string;

  it("creates a client, prints its secret once and stores only the hash", async () => {
    const ran = await tessera(["clients", "create", "billing", "--scope", "invoices:read invoices:write", "--token_endpoint_auth_method", "client_secret_basic", "--resources", "https://api.example.com", "--access_token_ttl", "600", "--json"], { env });
    expect(ran.code).toBe(0);
    const created = JSON.parse(ran.stdout) as Record<string, unknown>;
    secret = String(created.client_secret);
    expect(created).toEqual({
      client_id: "billing",
      scope: "invoices:read invoices:write",
      grant_types: ["client_credentials"],
      token_endpoint_auth_method: "client_secret_basic",
      resources: ["https://api.example.com"],
      access_token_ttl: 600,
      introspection: false,
      disabled: false,
      secrets: [{ expires_at: null }],
      client_secret: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
    });
    const [row] = await sql`SELECT secrets::text FROM tessera_clients WHERE client_id = 'billing'`;
    expect(String(row?.secrets)).toContain("sha256:");
    expect(String(row?.secrets)).not.toContain(secret);
    expect(await tokenStatus("billing", secret)).toBe(200);
  });

  it("says the secret is shown once, in text", async () => {
    const ran = await tessera(["clients", "create", "reports", "--scope", "read"], { env });
    expect(ran.stdout).toMatch(/^client_id: reports\n[\s\S]*\nclient_secret: [A-Za-z0-9_-]{43}\n$/);
    expect(ran.stderr).toBe("The client_secret is shown only this once; only its hash is stored.\n");
  });

  it("lists and shows clients without their secrets or hashes", async () => {
    const list = await tessera(["clients", "list"], { env });
    expect(list.stdout).toBe("client_id\tstate\tscope\nbilling\tenabled\tinvoices:read invoices:write\nreports\tenabled\tread\n");
    const listed = json<{ clients: { client_id: string }[] }>(await tessera(["clients", "list", "--json"], { env }));
    expect(listed.clients.map((client) => client.client_id)).toEqual(["billing", "reports"]);
    const shown = await tessera(["clients", "show", "billing"], { env });
    expect(shown.stdout).toContain("scope: invoices:read invoices:write\n");
    for (const output of [list.stdout, shown.stdout, JSON.stringify(listed)]) {
      expect(output).not.toContain(secret);
      expect(output).not.toContain("sha256:");
    }
  });

  it("refuses a client_id taken (4), an unknown one (3), and fields it cannot use (2), each in one line", async () => {
    const taken = await tessera(["clients", "create", "billing", "--scope", "read"], { env });
    expect(taken.code).toBe(4);
    expect(oneErrorLine(taken)).toBe('error: a client with client_id "billing" exists already');
    for (const action of ["show", "disable", "enable", "rotate-secret", "delete"]) {
      const missing = await tessera(["clients", action, "nobody"], { env });
      expect(missing.code, action).toBe(3);
      expect(oneErrorLine(missing)).toBe('error: no client has client_id "nobody"');
    }
    expect((await tessera(["clients", "update", "nobody", "--scope", "read"], { env })).code).toBe(3);
    const cases: [string[], RegExp][] = [
      [["--scope", "read", "--token_endpoint_auth_method", "magic"], /token_endpoint_auth_method must be one of/],
      [["--scope", "read", "--resources", "not a uri"], /resources must be absolute URIs/],
      [["--scope", "read", "--default_resources", "https://elsewhere.example"], /default_resources must be among its resources/],
      [["--scope", "two  spaces"], /--scope must be scope tokens/],
      [["--scopes", "read"], /Unknown option '--scopes'/],
      [[], /--scope is required/],
    ];
    for (const [options, message] of cases) {
      const ran = await tessera(["clients", "create", "other", ...options], { env });
      expect(ran.code, options.join(" ")).toBe(2);
      expect(oneErrorLine(ran)).toMatch(message);
    }
    expect(json(await tessera(["clients", "list", "--json"], { env }))).toMatchObject({ clients: [{ client_id: "billing" }, { client_id: "reports" }] });
  });

  it("updates the given fields and keeps the rest, secrets included", async () => {
    const updated = json(await tessera(["clients", "update", "billing", "--scope", "invoices:read", "--resources", "", "--introspection", "true", "--json"], { env }));
    expect(updated).toMatchObject({ client_id: "billing", scope: "invoices:read", introspection: true, access_token_ttl: 600, secrets: [{ expires_at: null }] });
    expect(updated).not.toHaveProperty("resources", ["https://api.example.com"]);
    expect(await tokenStatus("billing", secret)).toBe(200);
    expect((await tessera(["clients", "update", "billing"], { env })).code).toBe(2);
  });

  it("disables and enables a client: refused with invalid_client in between", async () => {
    expect(await tessera(["clients", "disable", "billing"], { env })).toMatchObject({ code: 0, stdout: "disabled billing\n" });
    expect(await tokenStatus("billing", secret)).toBe(401);
    expect(json(await tessera(["clients", "enable", "billing", "--json"], { env }))).toEqual({ client_id: "billing", disabled: false });
    expect(await tokenStatus("billing", secret)).toBe(200);
  });

  it("rotates a secret, keeping the previous one valid for the time given, or not at all", async () => {
    const before = Math.floor(Date.now() / 1000);
    const rotated = json<{ client_secret: string; previous_secrets_expire_at: number }>(await tessera(["clients", "rotate-secret", "billing", "--previous-expires-in", "3600", "--json"], { env }));
    expect(rotated.previous_secrets_expire_at).toBeGreaterThanOrEqual(before + 3600);
    expect(await tokenStatus("billing", rotated.client_secret)).toBe(200);
    expect(await tokenStatus("billing", secret)).toBe(200);
    const shown = json<{ secrets: { expires_at: number | null }[] }>(await tessera(["clients", "show", "billing", "--json"], { env }));
    expect(shown.secrets).toEqual([{ expires_at: rotated.previous_secrets_expire_at }, { expires_at: null }]);

    const text = await tessera(["clients", "rotate-secret", "billing", "--previous-expires-in", "0"], { env });
    const newest = /^client_secret: (\S+)$/m.exec(text.stdout)?.[1] ?? "";
    expect(text.stderr).toContain("shown only this once");
    expect(await tokenStatus("billing", newest)).toBe(200);
    expect(await tokenStatus("billing", rotated.client_secret)).toBe(401);
    expect(await tokenStatus("billing", secret)).toBe(401);
  });

  it("deletes a client", async () => {
    expect(await tessera(["clients", "delete", "reports"], { env })).toMatchObject({ code: 0, stdout: "deleted reports\n" });
    expect((await tessera(["clients", "show", "reports"], { env })).code).toBe(3);
  });
});

describe("tessera revoke", { timeout: 60_000 }, () => {
  it("revokes one token by jti until its exp plus the grace", async () => {
    const exp = Math.floor(Date.now() / 1000) + 600;
    const ran = json(await tessera(["revoke", "--jti", "token-1", "--exp", String(exp), "--json"], { env }));
    expect(ran).toEqual({ jti: "token-1", keep_until: exp + 300 });
    expect(await store.isRevoked({ jti: "token-1", clientId: "billing", issuedAt: exp - 600 })).toBe(true);
    expect(await store.isRevoked({ jti: "token-2", clientId: "billing", issuedAt: exp - 600 })).toBe(false);
  });

  it("revokes every token a client was issued before now", async () => {
    const now = Math.floor(Date.now() / 1000);
    const ran = await tessera(["revoke", "--client", "billing"], { env });
    expect(ran.stdout).toMatch(/^revoked every token issued to billing before \d{4}-/);
    expect(await store.isRevoked({ jti: "any", clientId: "billing", issuedAt: now - 10 })).toBe(true);
    expect(await store.isRevoked({ jti: "any", clientId: "billing", issuedAt: now + 10 })).toBe(false);
    expect(await store.isRevoked({ jti: "any", clientId: "reports", issuedAt: now - 10 })).toBe(false);
  });

  it("takes --jti or --client, one of them", async () => {
    for (const args of [[], ["--jti", "a", "--client", "b"], ["--client", "b", "--exp", "5"], ["--jti", "a", "--exp", "soon"]]) {
      const ran = await tessera(["revoke", ...args], { env });
      expect(ran.code, args.join(" ")).toBe(2);
      oneErrorLine(ran);
    }
  });
});
