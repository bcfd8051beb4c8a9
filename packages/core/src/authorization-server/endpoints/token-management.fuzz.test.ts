/**
 * Property-based tests of the revocation (RFC 7009) and introspection (RFC 7662) endpoints:
 * whatever the credentials, method, content type, parameters and token — a genuine one of the
 * caller or of another client, a revoked one, a mangled one, garbage — each endpoint
 * - resolves, never rejects, never answers 5xx nor reports to `onError`, always `no-store`;
 * - answers a well-formed RFC 6749 §5.2 JSON error, or its own success shape: an empty 200 for
 *   revocation, `{"active": false}` alone or an active token's claims for introspection;
 * - says `active: true` only to a caller with valid credentials, for a genuine, unrevoked token
 *   of that caller (or of anyone, for a client allowed to introspect any token);
 * - revokes a token only for the client it was issued to, with valid credentials.
 */
import * as core from "../../index.js";
import fc from "fast-check";
import { decodeJwt } from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import { assertProperty, fuzzTimeout } from "./fuzz.test.helpers.js";
import { MemoryStore } from "../../storage/memory-store.js";
import type { AuthorizationServer } from "../create.js";
import { basicAuthorization, formEncode } from "../../testing.js";
import { createScenarioServer, issueScenarioToken, scenarioClients, scenarioIssuer } from "@tessera/conformance/tables";

const { service, resourceful, auditor, disabled, postOnly } = scenarioClients;
type Caller = typeof service | typeof resourceful | typeof auditor | typeof disabled | typeof postOnly;
const callers: readonly Caller[] = [service, resourceful, auditor, disabled, postOnly];
const errorCodes = new Set(["invalid_request", "invalid_client", "unauthorized_client", "unsupported_token_type"]);

let server: AuthorizationServer;
let revocations: MemoryStore;
/** Whether the token `jti` has a mark of its own (the fuzz never revokes a client's tokens). */
const isRevoked = (jti: string) => revocations.isRevoked({ jti, clientId: "none", issuedAt: 0 });
const reported: unknown[] = [];
beforeAll(async () => {
  revocations = new MemoryStore();
  // Lockout off, so that wrong secrets do not hide later cases; its answers are pinned elsewhere.
  server = await createScenarioServer(core, { revocations, lockout: false, onError: (error) => reported.push(error) });
  await server.ready;
});

// issueScenarioToken authenticates each caller with a method it is registered for.
const issue = (client: Caller) => issueScenarioToken(server, client);

const caller = fc.constantFrom(...callers);
const text = fc.oneof(fc.string({ maxLength: 30 }), fc.string({ unit: "binary", maxLength: 30 }));
/** How the caller authenticates: right or wrong secret, Basic or post, or not at all. */
const credentials = fc.record({
  caller,
  secret: fc.oneof({ weight: 4, arbitrary: fc.constant<string | undefined>(undefined) }, { weight: 1, arbitrary: text }),
  method: fc.constantFrom("basic", "post", "none"),
});
/** Which token is presented: built from genuine tokens once they exist. */
const tokenChoice = fc.oneof(
  { weight: 4, arbitrary: fc.constant("own" as const) },
  { weight: 3, arbitrary: fc.constant("other" as const) },
  { weight: 1, arbitrary: fc.constant("revoked" as const) },
  { weight: 1, arbitrary: fc.tuple(fc.nat(400), fc.constantFrom("a", ".", "-", "")).map(([at, char]) => ({ mangle: at, char })) },
  { weight: 1, arbitrary: text.map((garbage) => ({ garbage })) },
  { weight: 1, arbitrary: fc.constant("absent" as const) },
);
const extraParams = fc.array(
  fc.tuple(fc.constantFrom("token_type_hint", "token", "client_id", "scope", "x", "resource"), fc.oneof(fc.constantFrom("access_token", "refresh_token", ""), text)),
  { maxLength: 2 },
);
const caseArbitrary = fc.record({
  endpoint: fc.constantFrom("/revoke", "/introspect"),
  credentials,
  token: tokenChoice,
  extraParams,
  method: fc.oneof({ weight: 10, arbitrary: fc.constant("POST") }, { weight: 1, arbitrary: fc.constantFrom("GET", "PUT", "DELETE") }),
  contentType: fc.oneof({ weight: 10, arbitrary: fc.constant("application/x-www-form-urlencoded") }, { weight: 1, arbitrary: fc.constantFrom("application/json", "text/plain") }),
});

describe("revocation and introspection, property-based", () => {
  const runs = 200;
  it(
    "never 5xx; active only for the caller's own genuine token (or an introspector's); revoked only by its client",
    async () => {
      await assertProperty(
        "revocation and introspection",
        fc.asyncProperty(caseArbitrary, async (generated) => {
          const { caller: presenter, secret, method } = generated.credentials;
          const owner = generated.token === "other" ? (presenter === service ? resourceful : service) : presenter;
          const genuine = owner === disabled ? await issue(service) : await issue(owner);
          const revokedToken = await issue(service);
          await revocations.revokeToken(decodeJwt(revokedToken).jti as string, Date.now() / 1000 + 3600);
          const token =
            generated.token === "own" || generated.token === "other"
              ? genuine
              : generated.token === "revoked"
                ? revokedToken
                : generated.token === "absent"
                  ? undefined
                  : "garbage" in generated.token
                    ? generated.token.garbage
                    : genuine.slice(0, generated.token.mangle % genuine.length) + generated.token.char + genuine.slice((generated.token.mangle % genuine.length) + 1);
          const tokenOwner = token === genuine ? (owner === disabled ? service : owner) : undefined;

          const presentedSecret = secret ?? presenter.clientSecret;
          const params: string[] = token === undefined ? [] : [`token=${formEncode(token)}`];
          const headers: Record<string, string> = { "content-type": generated.contentType };
          if (method === "basic") headers.authorization = basicAuthorization(presenter.clientId, presentedSecret);
          if (method === "post") params.push(`client_id=${formEncode(presenter.clientId)}`, `client_secret=${formEncode(presentedSecret)}`);
          for (const [name, value] of generated.extraParams) params.push(`${name}=${formEncode(value)}`);
          const init: RequestInit = { method: generated.method, headers };
          if (generated.method !== "GET") init.body = params.join("&");
          const request = new Request(`${scenarioIssuer}${generated.endpoint}`, init);

          const authenticated =
            secret === undefined &&
            method !== "none" &&
            presenter !== disabled &&
            !(presenter === postOnly && method === "basic") &&
            generated.method === "POST" &&
            generated.contentType === "application/x-www-form-urlencoded";
          const jti = tokenOwner === undefined ? undefined : (decodeJwt(genuine).jti as string);

          const response = await server.fetch(request);
          expect(response.status).toBeLessThan(500);
          expect(reported).toEqual([]);
          expect(response.headers.get("cache-control")).toBe("no-store");

          if (response.status !== 200) {
            const json = (await response.json()) as Record<string, unknown>;
            expect(Object.keys(json).sort()).toEqual(["error", "error_description"]);
            expect(errorCodes.has(json.error as string)).toBe(true);
            if (jti !== undefined) expect(await isRevoked(jti)).toBe(false);
            return;
          }
          expect(authenticated).toBe(true);

          if (generated.endpoint === "/revoke") {
            expect(await response.text()).toBe("");
            if (jti !== undefined) {
              // Revoked exactly when the token was the caller's own (RFC 7009 §2.1).
              expect(await isRevoked(jti)).toBe(tokenOwner === presenter);
            }
            return;
          }

          const json = (await response.json()) as Record<string, unknown>;
          const mayKnow = tokenOwner !== undefined && (tokenOwner === presenter || presenter === auditor);
          if (!mayKnow) {
            expect(json).toEqual({ active: false });
            return;
          }
          expect(json).toMatchObject({ active: true, client_id: tokenOwner?.clientId, jti, iss: scenarioIssuer, token_type: "Bearer" });
        }),
        runs,
      );
    },
    fuzzTimeout(runs) * 2,
  );
});
