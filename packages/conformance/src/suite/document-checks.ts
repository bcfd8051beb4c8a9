import { scenarioIssuer } from "../tables/clients.js";
import type { AuthorizationServer, ConformanceCheck, JsonObject, SuiteContext } from "./context.js";
import { Problems } from "./problems.js";

/** The metadata and JWKS documents, and routing. */
export function documentChecks(context: SuiteContext): ConformanceCheck[] {
  return [metadataCheck(context), jwksCheck(context), routingCheck(context)];
}

async function checkNotModified(
  { get }: SuiteContext,
  problems: Problems,
  server: AuthorizationServer,
  path: string,
  etag: string | null,
): Promise<void> {
  problems.check(etag !== null && /^"[^"]+"$/.test(etag), `no strong ETag on ${path}`);
  const conditional = await get(server, path, { "if-none-match": etag ?? "" });
  problems.equal(conditional.status, 304, "If-None-Match status");
  problems.equal(conditional.headers.get("etag"), etag, "ETag of the 304");
  problems.equal(await conditional.text(), "", "body of the 304");
}

function metadataCheck(context: SuiteContext): ConformanceCheck {
  const { get, sharedServer } = context;
  return {
    name: "metadata: the RFC 8414 document, cacheable, its ETag answering If-None-Match with 304",
    async run() {
      const problems = new Problems();
      const server = await sharedServer();
      const response = await get(server, "/.well-known/oauth-authorization-server");
      problems.equal(response.status, 200, "status");
      problems.equal(response.headers.get("content-type"), "application/json", "content-type");
      problems.equal(response.headers.get("cache-control"), "public, max-age=3600", "cache-control");
      const body = (await response.json()) as JsonObject;
      problems.equal(body.issuer, scenarioIssuer, "issuer");
      problems.equal(body.token_endpoint, `${scenarioIssuer}/token`, "token_endpoint");
      problems.equal(body.jwks_uri, `${scenarioIssuer}/.well-known/jwks.json`, "jwks_uri");
      problems.equal(JSON.stringify(body.grant_types_supported), '["client_credentials"]', "grant_types_supported");
      const methods = JSON.stringify(body.token_endpoint_auth_methods_supported);
      problems.equal(methods, '["client_secret_basic","client_secret_post","private_key_jwt"]', "token_endpoint_auth_methods_supported");
      const assertionAlgs = JSON.stringify(body.token_endpoint_auth_signing_alg_values_supported);
      problems.equal(assertionAlgs, '["RS256","PS256","ES256","EdDSA","Ed25519"]', "token_endpoint_auth_signing_alg_values_supported");
      problems.equal(JSON.stringify(body.dpop_signing_alg_values_supported), '["ES256","PS256","EdDSA","Ed25519","RS256"]', "dpop_signing_alg_values_supported");
      await checkNotModified(context, problems, server, "/.well-known/oauth-authorization-server", response.headers.get("etag"));
      return problems.list;
    },
  };
}

function jwksCheck(context: SuiteContext): ConformanceCheck {
  const { get, sharedServer, jose } = context;
  return {
    name: "JWKS: public members only, kid the RFC 7638 thumbprint, cacheable, HEAD and 304",
    async run() {
      const problems = new Problems();
      const server = await sharedServer();
      const response = await get(server, "/.well-known/jwks.json");
      problems.equal(response.status, 200, "status");
      problems.equal(response.headers.get("content-type"), "application/jwk-set+json", "content-type");
      problems.equal(response.headers.get("cache-control"), "public, max-age=300", "cache-control");
      const { keys } = (await response.json()) as { keys: { kid?: string; kty: string }[] };
      problems.equal(keys.length, 1, "number of keys");
      for (const key of keys) {
        problems.equal(Object.keys(key).sort().join(","), "alg,e,kid,kty,n,use", "members of the RSA key");
        problems.equal(key.kid, await jose.calculateJwkThumbprint(key, "sha256"), "kid, against the thumbprint");
      }
      const head = await server.fetch(new Request(`${scenarioIssuer}/.well-known/jwks.json`, { method: "HEAD" }));
      problems.equal(head.status, 200, "HEAD status");
      problems.equal(await head.text(), "", "HEAD body");
      await checkNotModified(context, problems, server, "/.well-known/jwks.json", response.headers.get("etag"));
      return problems.list;
    },
  };
}

function routingCheck({ get, sharedServer }: SuiteContext): ConformanceCheck {
  return {
    name: "routing: 404 JSON for another path, 405 with Allow for POST to a document",
    async run() {
      const problems = new Problems();
      const server = await sharedServer();
      const missing = await get(server, "/nothing-here");
      problems.equal(missing.status, 404, "status for another path");
      problems.equal(((await missing.json()) as JsonObject).error, "not_found", "error for another path");
      const post = await server.fetch(new Request(`${scenarioIssuer}/.well-known/jwks.json`, { method: "POST", body: "x" }));
      problems.equal(post.status, 405, "status of POST to the JWKS");
      problems.equal(post.headers.get("allow"), "GET, HEAD", "Allow of POST to the JWKS");
      return problems.list;
    },
  };
}
