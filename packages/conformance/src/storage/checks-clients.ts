import type { Client, StoreProbe } from "@tessera/core";
import type { StoreCheck } from "./fixture.js";
import { Problems } from "./problems.js";

/** A client with every field of the contract set, under `clientId`. */
export function fullClient(clientId: string): Client {
  return {
    clientId,
    clientName: "Billing service",
    secrets: [{ hash: "sha256:AAAA" }, { hash: "sha256:BBBB", expiresAt: 1_900_000_000 }],
    grantTypes: ["client_credentials"],
    scopes: ["invoices:read", "invoices:write"],
    defaultScopes: ["invoices:read"],
    tokenEndpointAuthMethod: "client_secret_basic",
    tokenEndpointAuthSigningAlg: "ES256",
    jwks: { keys: [{ kty: "EC", crv: "P-256", x: "x", y: "y", kid: "k1" }] },
    jwksUri: "https://billing.example.com/jwks.json",
    dpopBoundAccessTokens: true,
    resources: ["https://ledger.example.com"],
    defaultResources: ["https://ledger.example.com"],
    accessTokenTtl: 600,
    introspection: false,
    disabled: false,
  };
}

/** The least a client holds, under `clientId`. */
export function minimalClient(clientId: string): Client {
  return { clientId, grantTypes: ["client_credentials"], scopes: [] };
}

/** What a store returns for `client`: its JSON form with `secrets` and `disabled` filled in. */
export function asStored(client: Client): Client {
  return { ...client, secrets: client.secrets ?? [], disabled: client.disabled ?? false };
}

/** The checks of {@link ClientStore}. */
export const clientChecks: readonly StoreCheck[] = [
  {
    name: "ping (optional, for readiness probes): resolves while the store is reachable, on every view that has it",
    async run({ views: [view] }) {
      const problems = new Problems();
      for (const [name, store] of Object.entries(view)) {
        if (typeof (store as StoreProbe).ping !== "function") continue;
        problems.equal(await (store as StoreProbe).ping?.(), undefined, `${name}.ping()`);
      }
      return problems.list;
    },
  },
  {
    name: "clients: create, get, and a second create of the same id changes nothing",
    async run({ views: [{ clients }] }, id) {
      const problems = new Problems();
      const full = fullClient(id("full"));
      const minimal = minimalClient(id("minimal"));
      problems.equal(await clients.getClient(full.clientId), undefined, "getClient before create");
      problems.equal(await clients.createClient(full), true, "createClient of a new id");
      problems.equal(await clients.createClient(minimal), true, "createClient of a minimal client");
      problems.equal(await clients.createClient({ ...minimal, scopes: ["other"] }), false, "createClient of a taken id");
      problems.equal(await clients.getClient(full.clientId), asStored(full), "getClient of the full client");
      problems.equal(await clients.getClient(minimal.clientId), asStored(minimal), "getClient of the minimal client");
      return problems.list;
    },
  },
  {
    name: "clients: put adds or replaces, update replaces only an existing client",
    async run({ views: [{ clients }] }, id) {
      const problems = new Problems();
      const client = minimalClient(id("put"));
      await clients.putClient(client);
      problems.equal(await clients.getClient(client.clientId), asStored(client), "getClient after putClient adds");
      const replaced = { ...fullClient(client.clientId), secrets: [] };
      await clients.putClient(replaced);
      problems.equal(await clients.getClient(client.clientId), asStored(replaced), "getClient after putClient replaces");
      const updated = { ...client, scopes: ["updated"], secrets: [{ hash: "sha256:CCCC" }] };
      problems.equal(await clients.updateClient(updated), true, "updateClient of an existing client");
      problems.equal(await clients.getClient(client.clientId), asStored(updated), "getClient after updateClient");
      problems.equal(await clients.updateClient(minimalClient(id("absent"))), false, "updateClient of an unknown id");
      problems.equal(await clients.getClient(id("absent")), undefined, "updateClient must not add a client");
      return problems.list;
    },
  },
  {
    name: "clients: setClientDisabled disables and enables, keeping everything else",
    async run({ views: [{ clients }] }, id) {
      const problems = new Problems();
      const client = fullClient(id("toggle"));
      await clients.createClient(client);
      problems.equal(await clients.setClientDisabled(client.clientId, true), true, "disabling an existing client");
      problems.equal(await clients.getClient(client.clientId), { ...asStored(client), disabled: true }, "the disabled client");
      problems.equal(await clients.setClientDisabled(client.clientId, false), true, "enabling it again");
      problems.equal(await clients.getClient(client.clientId), asStored(client), "the enabled client");
      problems.equal(await clients.setClientDisabled(id("absent"), true), false, "disabling an unknown id");
      return problems.list;
    },
  },
  {
    name: "clients: rotateClientSecret adds the secret and caps the others at previousExpireAt",
    async run({ views: [{ clients }] }, id) {
      const problems = new Problems();
      const clientId = id("rotate");
      const secrets = [
        { hash: "sha256:never" },
        { hash: "sha256:later", expiresAt: 2_000_000_000 },
        { hash: "sha256:sooner", expiresAt: 1_500_000_000 },
      ];
      await clients.createClient({ ...minimalClient(clientId), secrets });
      const rotated = await clients.rotateClientSecret(clientId, { hash: "sha256:new" }, 1_600_000_000);
      problems.equal(rotated, true, "rotateClientSecret of an existing client");
      problems.equal(
        (await clients.getClient(clientId))?.secrets,
        [
          { hash: "sha256:never", expiresAt: 1_600_000_000 },
          { hash: "sha256:later", expiresAt: 1_600_000_000 },
          { hash: "sha256:sooner", expiresAt: 1_500_000_000 },
          { hash: "sha256:new" },
        ],
        "the secrets after rotation",
      );
      const unknown = await clients.rotateClientSecret(id("absent"), { hash: "sha256:new" }, 1_600_000_000);
      problems.equal(unknown, false, "rotateClientSecret of an unknown id");
      return problems.list;
    },
  },
  {
    name: "clients: deleteClient removes; listClients pages in order of id",
    async run({ views: [{ clients }] }, id) {
      const problems = new Problems();
      // Upper case sorts before lower case by code unit, unlike in most collations.
      const ids = ["b", "B", "a-2", "a", "A_1", "z", "a.1", "~"].map((suffix) => id(`list-${suffix}`));
      for (const clientId of ids) await clients.createClient(minimalClient(clientId));
      const expected = [...ids].sort();
      const listed: string[] = [];
      let after: string | undefined = id("list");
      for (let pages = 0; after !== undefined && pages < 10; pages++) {
        const page = await clients.listClients({ after, limit: 3 });
        const mine = page.clients.map(({ clientId }) => clientId).filter((clientId) => clientId.startsWith(id("list-")));
        listed.push(...mine);
        problems.check(page.clients.length <= 3, `a page of limit 3 held ${page.clients.length} clients`);
        after = mine.length === page.clients.length ? page.next : undefined;
      }
      problems.equal(listed, expected, "the ids listed, page by page");
      const [first] = (await clients.listClients({ after: id("list") })).clients;
      problems.equal(first, asStored(minimalClient(expected[0] ?? "")), "a listed client");
      problems.equal(await clients.deleteClient(ids[0] ?? ""), true, "deleteClient of an existing client");
      problems.equal(await clients.getClient(ids[0] ?? ""), undefined, "getClient after deleteClient");
      problems.equal(await clients.deleteClient(ids[0] ?? ""), false, "deleteClient of a deleted client");
      return problems.list;
    },
  },
  {
    name: "clients: refuse what they cannot keep, with a TypeError that names no secret",
    async run({ views: [{ clients }] }, id) {
      const problems = new Problems();
      const valid = minimalClient(id("invalid"));
      const invalid: readonly [string, unknown][] = [
        ["an empty client id", { ...valid, clientId: "" }],
        ["a client id with a non-ASCII character", { ...valid, clientId: `${valid.clientId}é` }],
        ["grantTypes that is not an array", { ...valid, grantTypes: "client_credentials" }],
        ["scopes holding a number", { ...valid, scopes: [1] }],
        ["a secret without hash", { ...valid, secrets: [{ expiresAt: 1 }] }],
        ["a secret whose expiresAt is a string", { ...valid, secrets: [{ hash: "sha256:SECRET", expiresAt: "soon" }] }],
        ["a negative accessTokenTtl", { ...valid, accessTokenTtl: -1 }],
        ["an unknown tokenEndpointAuthMethod", { ...valid, tokenEndpointAuthMethod: "none" }],
      ];
      for (const [what, client] of invalid) {
        await problems.rejectsInput(() => clients.createClient(client as Client), `createClient with ${what}`);
        await problems.rejectsInput(() => clients.putClient(client as Client), `putClient with ${what}`);
      }
      await problems.rejectsInput(() => clients.getClient(""), "getClient of an empty id");
      await problems.rejectsInput(() => clients.listClients({ limit: 0 }), "listClients with limit 0");
      await problems.rejectsInput(() => clients.listClients({ limit: 1001 }), "listClients with limit 1001");
      await problems.rejectsInput(
        () => clients.rotateClientSecret(valid.clientId, { hash: "" }, 0),
        "rotateClientSecret with an empty hash",
      );
      try {
        await clients.createClient({ ...valid, secrets: [{ hash: "sha256:SECRET", expiresAt: "soon" as unknown as number }] });
      } catch (error) {
        problems.check(!String((error as Error).message).includes("SECRET"), "an error message holds the secret hash");
      }
      problems.equal(await clients.getClient(valid.clientId), undefined, "a refused client must not be stored");
      return problems.list;
    },
  },
];
