import type * as TesseraCore from "@tessera/core";
import { basicAuthorization } from "@tessera/core/testing";
import type * as Jose from "jose";
import { scenarioClients, scenarioIssuer } from "../tables/clients.js";
import { createScenarioServer } from "../tables/scenario-server.js";
import type { Problems } from "./problems.js";

/**
 * What the suite tests, injected by each runtime's runner as that runtime loads it: the core, and
 * the parts of jose that check its tokens the way a resource server would. The suite and the
 * tables import only types of these, so they run wherever the runner can import them.
 */
export interface ConformanceLibrary {
  readonly core: typeof TesseraCore;
  readonly jose: Pick<typeof Jose, "calculateJwkThumbprint" | "createLocalJWKSet" | "decodeProtectedHeader" | "jwtVerify">;
}

/** One check: `run` resolves with every problem it found, none when the runtime conforms. */
export interface ConformanceCheck {
  readonly name: string;
  run(): Promise<readonly string[]>;
}

export type AuthorizationServer = TesseraCore.AuthorizationServer;
export type JsonObject = Record<string, unknown>;
export type ClientMethod = "basic" | "post";

/** The library and the helpers every group of checks shares. */
export interface SuiteContext extends ConformanceLibrary {
  /** One scenario server for the checks that do not change it, made on first use. */
  sharedServer(): Promise<AuthorizationServer>;
  /** A GET of `path` through `server.fetch`. */
  get(server: AuthorizationServer, path: string, headers?: Record<string, string>): Promise<Response>;
  /** A client credentials request for the service client, with the authentication `method`. */
  requestToken(server: AuthorizationServer, method: ClientMethod, scope?: string): Promise<Response>;
  /** A token from `server`, or the problem with the response. */
  issue(server: AuthorizationServer, problems: Problems, method?: ClientMethod, scope?: string): Promise<{ token: string; body: JsonObject }>;
  /** The JWKS of `server`, and its entity tag. */
  jwksOf(server: AuthorizationServer): Promise<{ jwks: Jose.JSONWebKeySet; etag: string | null }>;
  /** Verifies `token` against `jwks` as an RFC 9068 access token of the scenario issuer. */
  verify(token: string, jwks: Jose.JSONWebKeySet, algorithms: readonly string[]): Promise<Jose.JWTVerifyResult>;
  /** The claims every token for the service client carries (RFC 9068 §2.2). */
  checkClaims(problems: Problems, payload: Jose.JWTPayload, scope: string, expiresIn: unknown): void;
}

/** The suite's context over an injected library. Makes nothing until a check runs (Workers refuse random values outside a request). */
export function createSuiteContext(library: ConformanceLibrary): SuiteContext {
  const { core, jose } = library;
  const { service } = scenarioClients;
  let shared: Promise<AuthorizationServer> | undefined;
  const get = (server: AuthorizationServer, path: string, headers: Record<string, string> = {}) =>
    server.fetch(new Request(scenarioIssuer + path, { headers }));

  function requestToken(server: AuthorizationServer, method: ClientMethod, scope?: string): Promise<Response> {
    const body = new URLSearchParams({ grant_type: "client_credentials" });
    if (scope !== undefined) body.set("scope", scope);
    const headers: Record<string, string> = { "content-type": "application/x-www-form-urlencoded" };
    if (method === "basic") {
      headers.authorization = basicAuthorization(service.clientId, service.clientSecret);
    } else {
      body.set("client_id", service.clientId);
      body.set("client_secret", service.clientSecret);
    }
    return server.fetch(new Request(`${scenarioIssuer}/token`, { method: "POST", headers, body: body.toString() }));
  }

  return {
    ...library,
    sharedServer: () => (shared ??= createScenarioServer(core)),
    get,
    requestToken,
    async issue(server, problems, method = "basic", scope) {
      const response = await requestToken(server, method, scope);
      const body = (await response.json()) as JsonObject;
      problems.equal(response.status, 200, "token response status");
      problems.check(typeof body.access_token === "string", "no access_token");
      return { token: String(body.access_token), body };
    },
    async jwksOf(server) {
      const response = await get(server, "/.well-known/jwks.json");
      return { jwks: (await response.json()) as Jose.JSONWebKeySet, etag: response.headers.get("etag") };
    },
    verify: (token, jwks, algorithms) =>
      jose.jwtVerify(token, jose.createLocalJWKSet(jwks), {
        issuer: scenarioIssuer,
        audience: scenarioIssuer,
        typ: "at+jwt",
        algorithms: [...algorithms],
        requiredClaims: ["iss", "sub", "aud", "exp", "iat", "jti", "client_id"],
      }),
    checkClaims(problems, payload, scope, expiresIn) {
      problems.equal(payload.sub, service.clientId, "sub");
      problems.equal(payload.client_id, service.clientId, "client_id");
      problems.equal(payload.scope, scope, "scope claim");
      problems.check(typeof payload.jti === "string" && payload.jti.length >= 16, "jti is not a random identifier");
      problems.equal((payload.exp ?? 0) - (payload.iat ?? 0), expiresIn, "exp - iat, against expires_in");
      const now = Math.floor(Date.now() / 1000);
      problems.check(Math.abs((payload.iat ?? 0) - now) <= 60, "iat is not the current time");
    },
  };
}
