import * as core from "../index.js";
import { createLocalJWKSet, decodeProtectedHeader, exportJWK, generateKeyPair, jwtVerify } from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import type { AuthorizationServer } from "../authorization-server/create.js";
import { createScenarioServer, issueScenarioToken, scenarioIssuer } from "@tessera/conformance/tables";

const issue = (server: AuthorizationServer) => issueScenarioToken(server);

async function publishedJwks(server: AuthorizationServer) {
  const response = await server.fetch(new Request(`${scenarioIssuer}/.well-known/jwks.json`));
  return (await response.json()) as { keys: { kid: string; alg: string }[] };
}

describe("signing algorithms", () => {
  it.each(["RS256", "ES256", "EdDSA"] as const)("issues %s tokens that verify against the JWKS", async (alg) => {
    const server = await createScenarioServer(core, {}, await generateKeyPair(alg, { extractable: true }));
    const token = await issue(server);
    const jwks = await publishedJwks(server);
    expect(jwks.keys).toEqual([expect.objectContaining({ alg, use: "sig" })]);
    const { protectedHeader } = await jwtVerify(token, createLocalJWKSet(jwks as never), {
      algorithms: [alg],
      typ: "at+jwt",
      issuer: scenarioIssuer,
    });
    expect(protectedHeader).toEqual({ alg, typ: "at+jwt", kid: jwks.keys[0]?.kid });
  });
});

describe("key rotation", () => {
  let server: AuthorizationServer;
  let oldKid: string;
  beforeAll(async () => {
    server = await createScenarioServer(core);
    oldKid = (await server.keys.list())[0]?.kid as string;
  });

  it("publishes an added key without signing with it, then switches, then retires the old one", async () => {
    const next = await generateKeyPair("ES256", { extractable: true });
    const oldToken = await issue(server);

    const newKid = await server.keys.add(next);
    expect((await publishedJwks(server)).keys.map((key) => key.kid)).toEqual([oldKid, newKid]);
    expect(decodeProtectedHeader(await issue(server)).kid).toBe(oldKid);

    await server.keys.activate(newKid);
    const newToken = await issue(server);
    expect(decodeProtectedHeader(newToken)).toMatchObject({ kid: newKid, alg: "ES256" });
    expect(await server.keys.list()).toEqual([
      { kid: oldKid, alg: "RS256", active: false, canSign: true },
      { kid: newKid, alg: "ES256", active: true, canSign: true },
    ]);
    // Both generations verify while both are published.
    const both = createLocalJWKSet((await server.keys.jwks()) as never);
    await expect(jwtVerify(oldToken, both)).resolves.toBeDefined();
    await expect(jwtVerify(newToken, both)).resolves.toBeDefined();

    await server.keys.retire(oldKid);
    const after = createLocalJWKSet((await publishedJwks(server)) as never);
    await expect(jwtVerify(oldToken, after)).rejects.toMatchObject({ code: "ERR_JWKS_NO_MATCHING_KEY" });
    await expect(jwtVerify(newToken, after)).resolves.toBeDefined();
  });

  it("refuses to retire the active key, or activate a key it cannot sign with", async () => {
    const [active] = (await server.keys.list()).filter((key) => key.active);
    await expect(server.keys.retire(active?.kid as string)).rejects.toThrow(/is active/);
    await expect(server.keys.activate("no-such-kid")).rejects.toThrow(/no key no-such-kid/);
    const publicOnly = await exportJWK((await generateKeyPair("EdDSA", { extractable: true })).publicKey);
    const kid = await server.keys.add(publicOnly);
    await expect(server.keys.activate(kid)).rejects.toThrow(/without its private part/);
    await expect(server.keys.add("not a key")).rejects.toThrow(TypeError);
    expect((await issue(server)).length).toBeGreaterThan(0); // still serving
  });

  it("loses no request when the signing key switches mid-flight", async () => {
    const busy = await createScenarioServer(core);
    const next = await busy.keys.add(await generateKeyPair("RS256", { extractable: true }));
    const before = Array.from({ length: 150 }, () => issue(busy));
    await Promise.race(before); // some have been signed by the old key, many are still in flight
    const switching = busy.keys.activate(next);
    const after = Array.from({ length: 150 }, () => issue(busy));
    await switching;
    const tokens = await Promise.all([...before, ...after]);
    const jwks = createLocalJWKSet((await busy.keys.jwks()) as never);
    const kids = new Set<string>();
    for (const token of tokens) {
      const { protectedHeader } = await jwtVerify(token, jwks);
      kids.add(protectedHeader.kid as string);
    }
    expect(kids.size).toBe(2);
    expect(decodeProtectedHeader(await issue(busy)).kid).toBe(next);
  });
});

describe("publishedKeys", () => {
  it("publishes previous keys, private or public, beside the signing key", async () => {
    const previous = await generateKeyPair("RS256", { extractable: true });
    const retiredPublic = await exportJWK((await generateKeyPair("EdDSA", { extractable: true })).publicKey);
    const server = await createScenarioServer(core, { publishedKeys: [previous.privateKey, retiredPublic] });
    const keys = await server.keys.list();
    expect(keys.map((key) => [key.alg, key.active, key.canSign])).toEqual([
      ["RS256", true, true],
      ["RS256", false, true],
      ["EdDSA", false, false],
    ]);
    expect((await publishedJwks(server)).keys).toHaveLength(3);
  });

  it("names the key at fault", async () => {
    const server = await createScenarioServer(core, { publishedKeys: ["-----BEGIN PRIVATE KEY-----\nAA==\n-----END PRIVATE KEY-----"] });
    await expect(server.ready).rejects.toThrow(/^publishedKeys\[0\]: /);
  });
});

describe("caching of the JWKS and metadata", () => {
  it("sends Cache-Control and an ETag, and 304 for a matching If-None-Match", async () => {
    const server = await createScenarioServer(core, { cacheMaxAge: { jwks: 120, metadata: 86400 } });
    const url = `${scenarioIssuer}/.well-known/jwks.json`;
    const first = await server.fetch(new Request(url));
    const etag = first.headers.get("etag") as string;
    expect(first.headers.get("cache-control")).toBe("public, max-age=120");
    expect(etag).toMatch(/^"[A-Za-z0-9_-]{22}"$/);

    for (const condition of [etag, `W/${etag}`, `"other", ${etag}`, "*"]) {
      const revalidated = await server.fetch(new Request(url, { headers: { "if-none-match": condition } }));
      expect(revalidated.status).toBe(304);
      expect(await revalidated.text()).toBe("");
      expect(revalidated.headers.get("etag")).toBe(etag);
    }
    const stale = await server.fetch(new Request(url, { headers: { "if-none-match": '"other"' } }));
    expect(stale.status).toBe(200);

    await server.keys.add(await generateKeyPair("ES256", { extractable: true }));
    const changed = await server.fetch(new Request(url, { headers: { "if-none-match": etag } }));
    expect(changed.status).toBe(200);
    expect(changed.headers.get("etag")).not.toBe(etag);

    const metadata = await server.fetch(new Request(`${scenarioIssuer}/.well-known/oauth-authorization-server`));
    expect(metadata.headers.get("cache-control")).toBe("public, max-age=86400");
    const metadataEtag = metadata.headers.get("etag") as string;
    const again = await server.fetch(
      new Request(`${scenarioIssuer}/.well-known/oauth-authorization-server`, { headers: { "if-none-match": metadataEtag } }),
    );
    expect(again.status).toBe(304);
  });
});
