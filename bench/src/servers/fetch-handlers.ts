/**
 * The targets served by a fetch handler on Bun.serve and Deno.serve (runtimes/serve.ts), each
 * runtime against its own floor:
 * - `fetch-minimal`: the minimal token endpoint as a fetch handler (servers/minimal-endpoint.ts);
 * - `fetch-tessera`: the lean Tessera server's own `fetch`, as `Bun.serve({ fetch: server.fetch })`
 *   and `Deno.serve(server.fetch)` take it;
 * - `fetch-verify-minimal`: the verifier floor (verify/minimal-verifier.ts) as a fetch handler;
 * - `fetch-verify-tessera`: the core's resource server, `authorize(request)` with the
 *   `OAuthError`'s own `toResponse()`, as the examples' `withWhoami` does.
 * Only the core, jose and `node:crypto`/`node:buffer`: nothing Node-only.
 */
import { OAuthError } from "@tessera/core";
import { resourceRequest, type Alg } from "../fixture.js";
import type { FetchTarget } from "../target-names.js";
import { revocationFromEnvironment } from "../verify/revocation.js";
import { tokensFromEnvironment } from "../verify/token-set.js";
import { minimalVerifier } from "../verify/minimal-verifier.js";
import { bodyOf, createBenchResourceServer, createBenchServer } from "./bench-server.js";
import { minimalFetchHandler, pathOf } from "./minimal-endpoint.js";


export type FetchHandler = (request: Request) => Promise<Response>;

const notFound = () => new Response(null, { status: 404 });

export async function fetchHandler(target: FetchTarget, alg: Alg, privateKeyPem: string): Promise<FetchHandler> {
  switch (target) {
    case "fetch-minimal":
      return minimalFetchHandler(alg, privateKeyPem);
    case "fetch-tessera":
      return (await createBenchServer(privateKeyPem)).fetch;
    case "fetch-verify-minimal": {
      const decide = await minimalVerifier(alg, privateKeyPem, revocationFromEnvironment(tokensFromEnvironment().revoked.jti));
      return async (request) => {
        if (pathOf(request.url) !== resourceRequest.path) return notFound();
        const answer = await decide(request.headers.get("authorization"));
        const headers: Record<string, string> = { "content-type": "application/json" };
        if (answer.challenge !== undefined) headers["www-authenticate"] = answer.challenge;
        return new Response(answer.body, { status: answer.status, headers });
      };
    }
    case "fetch-verify-tessera": {
      const revoked = revocationFromEnvironment(tokensFromEnvironment().revoked.jti);
      const resourceServer = await createBenchResourceServer(alg, privateKeyPem, revoked);
      return async (request) => {
        if (pathOf(request.url) !== resourceRequest.path) return notFound();
        try {
          return Response.json(bodyOf(await resourceServer.authorize(request)));
        } catch (error) {
          if (error instanceof OAuthError) return error.toResponse();
          throw error;
        }
      };
    }
  }
}
