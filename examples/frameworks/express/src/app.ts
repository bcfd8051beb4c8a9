/**
 * Recipe: Tessera in an Express 5 app. The authorization server's endpoints are routes of the
 * app, and `requireToken` guards the app's own routes with access tokens; a refusal goes to
 * `next(error)`, through Express's error handling, and `oauthErrors` sends it as Tessera renders
 * it. `createApp` puts the pieces together, with the two demo routes the tests call.
 */
// #region readme
import express, { type ErrorRequestHandler, type RequestHandler } from "express";
import { OAuthError, type AccessTokenPrincipal, type AuthorizationServer, type ResourceServer } from "@tessera/core";
import { authorizationRequest, createRequestListener, sendResponse } from "@tessera/node";

declare global {
  namespace Express {
    interface Locals {
      /** Who the access token says the caller is: set by `requireToken`. */
      principal: AccessTokenPrincipal;
    }
  }
}

export function createApp(server: AuthorizationServer, resourceServer: ResourceServer): express.Express {
  const app = express();
  // Tessera's endpoints first: Tessera reads their bodies itself, so no body parser may run before.
  app.all(Object.values(server.paths), createRequestListener(server.fetch));
  app.use(express.json(), express.urlencoded()); // the app's own routes parse bodies as usual

  app.get("/api/read", requireToken(resourceServer, ["read"]), (req, res) => {
    const { clientId, scopes } = res.locals.principal;
    res.json({ client_id: clientId, scope: scopes.join(" ") });
  });
  app.get("/api/admin", requireToken(resourceServer, ["admin"]), (req, res) => {
    const { clientId, scopes } = res.locals.principal;
    res.json({ client_id: clientId, scope: scopes.join(" ") });
  });

  app.use(oauthErrors); // after the routes
  return app;
}

/** Goes on only with an access token that has `scopes`; a refusal goes to `next(error)`. */
export function requireToken(resourceServer: ResourceServer, scopes: string[] = []): RequestHandler {
  return async (req, res, next) => {
    // What the resource server reads: the method, the URL, the Authorization and DPoP lines; never the body.
    const request = authorizationRequest(req);
    if (request === undefined) return void res.status(400).end(); // no usable Host
    res.locals.principal = await resourceServer.authorize(request, scopes);
    next();
  };
}

/** Sends an OAuthError exactly as Tessera renders it (status, WWW-Authenticate, no-store, JSON). */
export const oauthErrors: ErrorRequestHandler = async (error, req, res, next) => {
  if (!(error instanceof OAuthError)) return next(error);
  await sendResponse(res, error.toResponse());
};
// #endregion readme
