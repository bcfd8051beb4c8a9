/**
 * Recipe: Tessera in a Fastify 5 app. The authorization server's endpoints are routes of a plugin
 * of their own, where no content-type parser reads the body (Tessera reads it, within its own
 * limits), and `requireToken` guards the app's own routes with access tokens as an `onRequest`
 * hook; a refusal goes to the app's error handler, which sends it as Tessera renders it.
 * `createApp` puts the pieces together, with the two demo routes the tests call.
 */
// #region readme
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from "fastify";
import { OAuthError, type AccessTokenPrincipal, type AuthorizationServer, type ResourceServer } from "@tessera/core";
import { authorizationRequest, createRequestListener } from "@tessera/node";

declare module "fastify" {
  interface FastifyRequest {
    /** Who the access token says the caller is: set by `requireToken`. */
    principal: AccessTokenPrincipal;
  }
}

export async function createApp(server: AuthorizationServer, resourceServer: ResourceServer): Promise<FastifyInstance> {
  const app = Fastify();
  // Tessera's endpoints, in a plugin whose only content-type parser leaves the body unread for Tessera.
  const tessera = createRequestListener(server.fetch);
  await app.register(async (endpoints) => {
    endpoints.removeAllContentTypeParsers();
    endpoints.addContentTypeParser("*", (request, body, done) => done(null));
    for (const path of Object.values(server.paths)) {
      endpoints.all(path, (request, reply) => {
        reply.hijack(); // Tessera writes the response
        tessera(request.raw, reply.raw);
      });
    }
  });

  app.decorateRequest("principal", null as unknown as AccessTokenPrincipal);
  app.get("/api/read", { onRequest: requireToken(resourceServer, ["read"]) }, async (request) => {
    const { clientId, scopes } = request.principal;
    return { client_id: clientId, scope: scopes.join(" ") };
  });
  app.get("/api/admin", { onRequest: requireToken(resourceServer, ["admin"]) }, async (request) => {
    const { clientId, scopes } = request.principal;
    return { client_id: clientId, scope: scopes.join(" ") };
  });

  // Sends an OAuthError exactly as Tessera renders it (status, WWW-Authenticate, no-store, JSON).
  app.setErrorHandler(async (error, request, reply) => {
    if (!(error instanceof OAuthError)) throw error; // to Fastify's default handler
    const response = error.toResponse();
    response.headers.forEach((value, name) => reply.header(name, value));
    return reply.code(response.status).send(response.body === null ? undefined : await response.text());
  });
  return app;
}

/** An `onRequest` hook: goes on only with an access token that has `scopes`; a refusal is thrown. */
export function requireToken(resourceServer: ResourceServer, scopes: string[] = []) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    // What the resource server reads: the method, the URL, the Authorization and DPoP lines; never the body.
    const tokenRequest = authorizationRequest(request.raw);
    if (tokenRequest === undefined) return reply.code(400).send(); // no usable Host
    request.principal = await resourceServer.authorize(tokenRequest, scopes);
  };
}
// #endregion readme
