/**
 * Recipe: Tessera in an Elysia 1 app on Bun. The authorization server's endpoints are routes that
 * hand Tessera the request as it came (Elysia leaves its body unparsed), and the `scopes` macro
 * guards the app's own routes with access tokens; a refusal is thrown to the app's `onError`,
 * which sends it as Tessera renders it. `createApp` puts the pieces together, with the two demo
 * routes the tests call.
 */
// #region readme
import { Elysia } from "elysia";
import { OAuthError, type AuthorizationServer, type ResourceServer } from "@tessera/core";

export function createApp(server: AuthorizationServer, resourceServer: ResourceServer) {
  const app = new Elysia()
    // Sends an OAuthError exactly as Tessera renders it (status, WWW-Authenticate, no-store, JSON).
    .onError(({ error }) => (error instanceof OAuthError ? error.toResponse() : undefined))
    // `{ scopes: [...] }` on a route: it runs only with an access token that has them.
    .macro({
      scopes: (scopes: string[]) => ({
        resolve: async ({ request }) => ({ principal: await resourceServer.authorize(request, scopes) }),
      }),
    });
  // Tessera's endpoints: the request as it came, its body unread ("parse: none").
  for (const path of Object.values(server.paths)) app.all(path, ({ request }) => server.fetch(request), { parse: "none" });

  return app
    .get("/api/read", ({ principal }) => ({ client_id: principal.clientId, scope: principal.scopes.join(" ") }), { scopes: ["read"] })
    .get("/api/admin", ({ principal }) => ({ client_id: principal.clientId, scope: principal.scopes.join(" ") }), { scopes: ["admin"] });
}
// #endregion readme
