/**
 * `pnpm bench:check`: the bench's correctness checks work. Every target of every kind of group
 * starts on its runtime (this Node, Bun, Deno) and passes the check its group makes, and the
 * checks refuse what they must refuse, so a fast wrong answer can never be timed. Runs on the
 * built bench (dist/), on this machine's Node only (nothing is downloaded), in about a minute.
 */
import { createPrivateKey } from "node:crypto";
import { createServer, type Server } from "node:http";
import { mkdtemp, rm } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkHttpTarget, rfc9068, verifyToken, verifyTokenResponse } from "./check.js";
import { Child } from "./child.js";
import { benchClient, generateBenchKeys, issuer, type Alg, type BenchKeys } from "./fixture.js";
import { buildGroups, expectations, selectGroups } from "./groups.js";
import { checkTarget, startTarget, type GroupContext } from "./launch.js";
import type { TargetProcess } from "./target-process.js";
import { label } from "./targets.js";
import { checkProtectedResource } from "./verify/check.js";
import type { TokenSet } from "./verify/token-set.js";
import { makeTokenSet, writeTokenSet } from "./verify/tokens.js";

const thisMajor = Number(process.versions.node.split(".")[0]);
let keys: BenchKeys;
let otherKeys: BenchKeys;
let directory: string;
const tokenSets = new Map<Alg, { set: TokenSet; file: string }>();
const started: TargetProcess[] = [];

beforeAll(async () => {
  [keys, otherKeys] = await Promise.all([generateBenchKeys(), generateBenchKeys()]);
  directory = await mkdtemp(join(tmpdir(), "tessera-bench-check-"));
  for (const alg of ["ES256", "EdDSA"] as const) {
    const set = await makeTokenSet(alg, keys[alg], 20);
    tokenSets.set(alg, { set, file: await writeTokenSet(directory, set) });
  }
}, 60_000);
afterAll(async () => {
  await Promise.all(started.map((target) => target.stop()));
  await rm(directory, { recursive: true, force: true });
});

const claims = { iss: issuer, aud: issuer, client_id: benchClient.clientId, sub: benchClient.clientId, scope: "read" };
const sign = (pem: string, alg: "ES256" | "RS256", payload: Record<string, unknown> = claims, typ = "at+jwt") =>
  new SignJWT(payload).setProtectedHeader({ alg, typ }).setIssuedAt().setExpirationTime("1h").sign(createPrivateKey(pem));

describe("the token check", () => {
  it("accepts an RFC 9068 token for the bench client, signed with the run's key", async () => {
    await expect(verifyToken(await sign(keys.ES256, "ES256"), keys.ES256, rfc9068("ES256"))).resolves.toBeDefined();
  });

  it("refuses a token signed with another key, another algorithm, another type or for another client", async () => {
    await expect(verifyToken(await sign(otherKeys.ES256, "ES256"), keys.ES256, rfc9068("ES256"))).rejects.toThrow(/does not verify/);
    await expect(verifyToken(await sign(keys.RS256, "RS256"), keys.RS256, rfc9068("ES256"))).rejects.toThrow(/does not verify/);
    await expect(verifyToken(await sign(keys.ES256, "ES256", claims, "JWT"), keys.ES256, rfc9068("ES256"))).rejects.toThrow(/does not verify/);
    const stranger = { ...claims, client_id: "someone-else" };
    await expect(verifyToken(await sign(keys.ES256, "ES256", stranger), keys.ES256, rfc9068("ES256"))).rejects.toThrow(/client_id/);
    const [header, payload, signature] = (await sign(keys.ES256, "ES256")).split(".");
    const tampered = `${header}.${payload!.slice(0, -2)}AA.${signature}`;
    await expect(verifyToken(tampered, keys.ES256, rfc9068("ES256"))).rejects.toThrow(/does not verify/);
  });

  it("refuses an error response and a response without a Bearer token", async () => {
    await expect(verifyTokenResponse(401, '{"error":"invalid_client"}', keys.ES256, rfc9068("ES256"))).rejects.toThrow(/401/);
    const token = await sign(keys.ES256, "ES256");
    await expect(
      verifyTokenResponse(200, JSON.stringify({ access_token: token, token_type: "mac" }), keys.ES256, rfc9068("ES256")),
    ).rejects.toThrow(/Bearer/);
  });
});

describe("the verifier check", () => {
  /** A protected resource that answers whatever `answer` says, for any request. */
  async function sham(answer: (authorization: string | undefined) => number): Promise<{ origin: string; server: Server }> {
    const server = createServer((req, res) => {
      const status = answer(req.headers.authorization);
      res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify({ client_id: "bench", scope: "read" }));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
  }

  it("refuses a resource that accepts every token, and one that does not check revocation when asked to", async () => {
    const tokens = tokenSets.get("ES256")!.set;
    const open = await sham((authorization) => (authorization === undefined ? 401 : 200));
    await expect(checkProtectedResource(open.origin, tokens, false)).rejects.toThrow(/answered 200, not 401/);
    const lax = await sham((authorization) => (authorization === undefined || Object.values(tokens.refused).some((t) => authorization.endsWith(t)) ? 401 : 200));
    await expect(checkProtectedResource(lax.origin, tokens, false)).resolves.toMatch(/accepts/);
    await expect(checkProtectedResource(lax.origin, tokens, true)).rejects.toThrow(/revoked token was answered 200/);
    open.server.close();
    lax.server.close();
  });
});

/**
 * One group of each kind and runtime, with revocation off and on: two cores (nothing pinned),
 * ES256 for the verifier groups (passport-jwt has no EdDSA), EdDSA for in-process issuance, RS256
 * for HTTP issuance (the peers sign RS256 only).
 */
const sample = selectGroups(
  buildGroups([thisMajor], ["memory"]),
  [
    `inprocess-eddsa-node${thisMajor}`,
    "http-rs256-2cores-*",
    "verify-inprocess-es256-*",
    "verify-http-es256-2cores-*",
    "verify-inprocess-es256-revocation-*",
    "verify-http-es256-2cores-revocation-*",
    `primitive-*-node${thisMajor}`,
    `client-auth-timing-node${thisMajor}`,
  ].join(","),
);

describe("every target passes its group's check", () => {
  for (const group of sample) {
    describe(group.id, () => {
      for (const row of group.rows) {
        it.concurrent(label(row.target, group.runtime, row.store), async () => {
          const context: GroupContext = { keys, tokens: group.unit === "verifications" ? tokenSets.get(group.alg) : undefined };
          const target = await startTarget(row, group, context);
          started.push(target);
          await expect(checkTarget(row, group, target, context)).resolves.toMatch(/verif|accepts|answers|draws|digest|checked/);
          await target.stop();
        }, 60_000);
      }
    });
  }

  it("an HTTP token endpoint judged against another run's key fails its check", async () => {
    const { child, ready } = await Child.start("tessera-node", "RS256", { keys });
    started.push(child);
    const url = `http://127.0.0.1:${ready.port}/token`;
    await expect(checkHttpTarget(url, otherKeys.RS256, expectations("tessera-node", "RS256"))).rejects.toThrow(/does not verify/);
  });

  it("a target whose tokens do not verify never becomes ready", async () => {
    // Hand the child keys that do not match what it is asked to sign with.
    const mismatched = { ...keys, EdDSA: keys.ES256 };
    await expect(Child.start("tessera", "EdDSA", { keys: mismatched })).rejects.toThrow();
  });
});

