import { basicAuthorization } from "@tessera/core/testing";
import { scenarioClients, scenarioIssuer } from "../tables/clients.js";
import { createScenarioServer } from "../tables/scenario-server.js";
import type { ConformanceCheck, JsonObject, SuiteContext } from "./context.js";
import { Problems } from "./problems.js";

const { service } = scenarioClients;

/** Hashed secrets, a failing repository, and a resource server discovering the JWKS. */
export function behaviourChecks(context: SuiteContext): ConformanceCheck[] {
  return [hashedSecretCheck(context), failingRepositoryCheck(context), discoveryCheck(context)];
}

function tokenRequest(authorization: string): Request {
  return new Request(`${scenarioIssuer}/token`, {
    method: "POST",
    headers: { authorization, "content-type": "application/x-www-form-urlencoded" },
    body: "grant_type=client_credentials",
  });
}

function hashedSecretCheck({ core }: SuiteContext): ConformanceCheck {
  return {
    name: "a client registered by client_secret_hash authenticates with its secret, not with another",
    async run() {
      const problems = new Problems();
      const secret = core.generateClientSecret();
      problems.check(/^[A-Za-z0-9_-]{43}$/.test(secret), "generateClientSecret is not 43 base64url characters");
      const clients = new core.InMemoryClientRepository([
        { clientId: service.clientId, clientSecretHash: await core.hashClientSecret(secret), scopes: ["read"] },
      ]);
      const server = await createScenarioServer(core, { clients });
      const authorized = await server.fetch(tokenRequest(basicAuthorization(service.clientId, secret)));
      problems.equal(authorized.status, 200, "status with the secret");
      const refused = await server.fetch(tokenRequest(basicAuthorization(service.clientId, `${secret}x`)));
      problems.equal(refused.status, 401, "status with another secret");
      problems.equal(((await refused.json()) as JsonObject).error, "invalid_client", "error with another secret");
      return problems.list;
    },
  };
}

function failingRepositoryCheck({ core, requestToken }: SuiteContext): ConformanceCheck {
  return {
    name: "a failing client repository: 500 server_error without detail, the cause reported to onError",
    async run() {
      const problems = new Problems();
      const reported: unknown[] = [];
      const cause = new Error("the client database is down");
      const server = await createScenarioServer(core, {
        clients: { getClient: () => Promise.reject(cause) },
        onError: (error) => reported.push(error),
      });
      const response = await requestToken(server, "basic");
      problems.equal(response.status, 500, "status");
      const text = await response.text();
      problems.equal((JSON.parse(text) as JsonObject).error, "server_error", "error");
      problems.check(!text.includes("database"), "the cause leaked into the response");
      problems.check(reported.length === 1 && reported[0] === cause, "onError was not told the cause, once");
      return problems.list;
    },
  };
}

function discoveryCheck({ core, sharedServer, issue }: SuiteContext): ConformanceCheck {
  return {
    name: "a resource server finds the JWKS through the issuer's metadata, once, and accepts the server's tokens",
    async run() {
      const problems = new Problems();
      const server = await sharedServer();
      const fetched: string[] = [];
      const resourceServer = core.createResourceServer({
        issuer: scenarioIssuer,
        audience: scenarioIssuer,
        // The network, in-process: every fetch goes to the authorization server's handler.
        fetch: (url, init) => {
          fetched.push(new URL(url).pathname);
          return server.fetch(new Request(url, init));
        },
      });
      for (const method of ["basic", "post"] as const) {
        const { token } = await issue(server, problems, method, "read");
        const request = new Request(`${scenarioIssuer}/api`, { headers: { authorization: `Bearer ${token}` } });
        const principal = await resourceServer.authorize(request, ["read"]);
        problems.equal(principal.clientId, service.clientId, "clientId of the principal");
      }
      problems.equal(fetched.join(" "), "/.well-known/oauth-authorization-server /.well-known/jwks.json", "what was fetched");
      return problems.list;
    },
  };
}
