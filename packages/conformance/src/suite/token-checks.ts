import { createScenarioServer } from "../tables/scenario-server.js";
import type { ConformanceCheck, JsonObject, SuiteContext } from "./context.js";
import { Problems } from "./problems.js";

/** Concurrent token requests in the concurrency check. */
export const concurrentRequests = 100;

/** Tokens verified against the JWKS as a resource server would: both methods, every algorithm, rotation, concurrency. */
export function tokenChecks(context: SuiteContext): ConformanceCheck[] {
  return [...verificationChecks(context), ...algorithmChecks(context), rotationCheck(context), concurrencyCheck(context)];
}

function verificationChecks({ sharedServer, issue, jwksOf, verify, checkClaims }: SuiteContext): ConformanceCheck[] {
  return (["basic", "post"] as const).map((method) => ({
    name: `a token for client_secret_${method} verifies against the JWKS as an RFC 9068 access token`,
    async run() {
      const problems = new Problems();
      const server = await sharedServer();
      const { token, body } = await issue(server, problems, method, "write");
      const { jwks } = await jwksOf(server);
      const { payload, protectedHeader } = await verify(token, jwks, ["RS256"]);
      problems.equal(protectedHeader.typ, "at+jwt", "typ header");
      problems.equal(protectedHeader.kid, jwks.keys[0]?.kid, "kid header, against the JWKS");
      checkClaims(problems, payload, "write", body.expires_in);
      return problems.list;
    },
  }));
}

function algorithmChecks({ core, jose, issue, jwksOf, verify, checkClaims }: SuiteContext): ConformanceCheck[] {
  return (["RS256", "PS256", "ES256", "EdDSA"] as const).map((alg) => ({
    name: `${alg}: a generated key, given as PKCS#8 PEM, signs tokens that verify against the JWKS`,
    async run() {
      const problems = new Problems();
      const key = await core.generateSigningKey(alg);
      const server = await createScenarioServer(core, {}, key.privateKeyPem);
      const { jwks } = await jwksOf(server);
      problems.equal(JSON.stringify(jwks.keys), JSON.stringify([key.publicJwk]), "the JWKS, against the generated public key");
      const { token, body } = await issue(server, problems);
      problems.equal(jose.decodeProtectedHeader(token).kid, key.kid, "kid header");
      const { payload } = await verify(token, jwks, [alg]);
      checkClaims(problems, payload, "read", body.expires_in);
      return problems.list;
    },
  }));
}

function rotationCheck({ core, jose, issue, jwksOf, verify }: SuiteContext): ConformanceCheck {
  return {
    name: "key rotation: add publishes, activate signs, the old key's tokens verify until it is retired",
    async run() {
      const problems = new Problems();
      const server = await createScenarioServer(core);
      const before = await jwksOf(server);
      const oldKid = before.jwks.keys[0]?.kid;
      const { token: oldToken } = await issue(server, problems);

      const next = await core.generateSigningKey("ES256");
      problems.equal(await server.keys.add(next.privateKeyPem), next.kid, "kid from keys.add");
      const added = await jwksOf(server);
      problems.equal(added.jwks.keys.map((key) => key.kid).join(","), `${oldKid},${next.kid}`, "kids after add");
      problems.check(added.etag !== before.etag, "the ETag did not change with the key set");
      problems.equal(jose.decodeProtectedHeader((await issue(server, problems)).token).kid, oldKid, "kid before activate");

      await server.keys.activate(next.kid);
      const { token: newToken } = await issue(server, problems);
      problems.equal(jose.decodeProtectedHeader(newToken).kid, next.kid, "kid after activate");
      await verify(newToken, added.jwks, ["ES256"]);
      await verify(oldToken, added.jwks, ["RS256"]);

      if (oldKid !== undefined) await server.keys.retire(oldKid);
      const retired = await jwksOf(server);
      problems.equal(retired.jwks.keys.map((key) => key.kid).join(","), next.kid, "kids after retire");
      const stale = await verify(oldToken, retired.jwks, ["RS256"]).then(
        () => "verified",
        (error: unknown) => (error as { code?: string }).code,
      );
      problems.equal(stale, "ERR_JWKS_NO_MATCHING_KEY", "verifying a token of the retired key");
      return problems.list;
    },
  };
}

function concurrencyCheck({ core, requestToken, jwksOf, verify }: SuiteContext): ConformanceCheck {
  return {
    name: `${concurrentRequests} concurrent token requests to a server still starting: all issued, distinct jti, all verify`,
    async run() {
      const problems = new Problems();
      // Fresh, so the requests arrive while the key is still being imported.
      const server = await createScenarioServer(core);
      const responses = await Promise.all(
        Array.from({ length: concurrentRequests }, (_, index) => requestToken(server, index % 2 === 0 ? "basic" : "post", "read")),
      );
      const statuses = responses.map((response) => response.status);
      problems.check(statuses.every((status) => status === 200), `statuses: ${[...new Set(statuses)].join(", ")}`);
      const tokens = await Promise.all(responses.map(async (response) => ((await response.json()) as JsonObject).access_token));
      const { jwks } = await jwksOf(server);
      const verified = await Promise.all(tokens.map((token) => verify(String(token), jwks, ["RS256"])));
      problems.equal(new Set(verified.map(({ payload }) => payload.jti)).size, concurrentRequests, "distinct jti");
      return problems.list;
    },
  };
}
