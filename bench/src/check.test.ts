/**
 * `pnpm bench:check`: the bench's correctness checks work. Every target starts and passes its
 * check, and the check refuses what it must refuse, so a fast wrong answer can never be timed.
 * Runs on the built bench (dist/), in a few seconds.
 */
import { createPrivateKey } from "node:crypto";
import { SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkHttpTarget, rfc9068, verifyToken, verifyTokenResponse } from "./check.js";
import { Child } from "./child.js";
import { benchClient, generateBenchKeys, issuer, type BenchKeys } from "./fixture.js";
import { expectations } from "./groups.js";
import { httpTargets, labels } from "./targets.js";
import { inProcessTargets } from "./inprocess/operations.js";

let keys: BenchKeys;
let otherKeys: BenchKeys;
const children: Child[] = [];

beforeAll(async () => {
  [keys, otherKeys] = await Promise.all([generateBenchKeys(), generateBenchKeys()]);
});
afterAll(() => {
  for (const child of children) child.stop();
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

describe("every target passes its check", () => {
  for (const target of httpTargets) {
    it(`${labels[target]} over HTTP (RS256)`, async () => {
      const { child, ready } = await Child.start(target, "RS256", { keys });
      children.push(child);
      const url = `http://127.0.0.1:${ready.port}/token`;
      await expect(checkHttpTarget(url, keys.RS256, expectations(target, "RS256"))).resolves.toBeDefined();
      // The same server, judged against another run's key, must fail.
      await expect(checkHttpTarget(url, otherKeys.RS256, expectations(target, "RS256"))).rejects.toThrow(/does not verify/);
      child.stop();
    });
  }

  for (const target of inProcessTargets) {
    it(`${labels[target]} in-process (EdDSA), which checks itself before saying it is ready`, async () => {
      const { child, ready } = await Child.start(target, "EdDSA", { keys });
      children.push(child);
      expect(ready.checked).toMatch(/verif/);
      child.stop();
    });
  }

  it("a target whose tokens do not verify never becomes ready", async () => {
    // Hand the child keys that do not match what it is asked to sign with.
    const mismatched = { ...keys, EdDSA: keys.ES256 };
    await expect(Child.start("tessera", "EdDSA", { keys: mismatched })).rejects.toThrow();
  });
});
