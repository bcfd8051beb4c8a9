/**
 * Recipe: Tessera in a Koa 3 app with @koa/router. The authorization server's endpoints are
 * routes of a router of their own, mounted before any body parser, and `requireToken` guards the
 * app's own routes with access tokens; a refusal is thrown to the error-handling middleware
 * `oauthErrors`, which sends it as Tessera renders it. `createApp` puts the pieces together, with
 * the two demo routes the tests call.
 */
// #region readme
import Router from "@koa/router";
import Koa, { type Middleware } from "koa";
import { OAuthError, type AccessTokenPrincipal, type AuthorizationServer, type ResourceServer } from "@tessera/core";
import { authorizationRequest, createRequestListener } from "@tessera/node";

/** What `requireToken` leaves in `ctx.state`. */
export interface TokenState {
  /** Who the access token says the caller is. */
  principal: AccessTokenPrincipal;
}

export function createApp(server: AuthorizationServer, resourceServer: ResourceServer): Koa {
  const app = new Koa();
  app.use(oauthErrors); // first, so that it sees every error thrown after it

  // Tessera's endpoints before any body parser: Tessera reads their bodies itself.
  const tessera = createRequestListener(server.fetch);
  const endpoints = new Router();
  endpoints.all(Object.values(server.paths), (ctx) => {
    ctx.respond = false; // Tessera writes the response
    tessera(ctx.req, ctx.res);
  });
  app.use(endpoints.routes());

  const api = new Router<TokenState>();
  api.get("/api/read", requireToken(resourceServer, ["read"]), (ctx) => {
    const { clientId, scopes } = ctx.state.principal;
    ctx.body = { client_id: clientId, scope: scopes.join(" ") };
  });
  api.get("/api/admin", requireToken(resourceServer, ["admin"]), (ctx) => {
    const { clientId, scopes } = ctx.state.principal;
    ctx.body = { client_id: clientId, scope: scopes.join(" ") };
  });
  app.use(api.routes()).use(api.allowedMethods());
  return app;
}

/** Goes on only with an access token that has `scopes`; a refusal is thrown. */
export function requireToken(resourceServer: ResourceServer, scopes: string[] = []): Middleware<TokenState> {
  return async (ctx, next) => {
    // What the resource server reads: the method, the URL, the Authorization and DPoP lines; never the body.
    const request = authorizationRequest(ctx.req, ctx.originalUrl);
    if (request === undefined) return ctx.throw(400); // no usable Host
    ctx.state.principal = await resourceServer.authorize(request, scopes);
    await next();
  };
}

/** Sends an OAuthError exactly as Tessera renders it (status, WWW-Authenticate, no-store, JSON). */
export const oauthErrors: Middleware = async (ctx, next) => {
  try {
    await next();
  } catch (error) {
    if (!(error instanceof OAuthError)) throw error; // to Koa's own error handling
    const response = error.toResponse();
    // The body first: a null body (the bare challenge) then stays empty and without a type.
    ctx.body = response.body === null ? null : await response.text();
    ctx.status = response.status;
    response.headers.forEach((value, name) => ctx.set(name, value));
  }
};
// #endregion readme
