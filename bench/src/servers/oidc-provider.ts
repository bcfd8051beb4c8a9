/**
 * Peer: oidc-provider, configured as fairly as it allows for machine-to-machine tokens: the
 * client credentials grant, the bench client with `client_secret_basic`, the run's RSA key as
 * its only signing key, and RFC 9068 JWT access tokens through a resource indicator (the
 * bench issuer as the default resource, audience and scope `read`). Its development-only
 * interactions are off, and it logs nothing per request.
 */
import { createPrivateKey } from "node:crypto";
import { createServer, type Server } from "node:http";
import Provider from "oidc-provider";
import { benchClient, issuer } from "../fixture.js";

export function oidcProviderServer(privateKeyPem: string): Server {
  const jwk = createPrivateKey(privateKeyPem).export({ format: "jwk" });
  const resourceServer = {
    scope: benchClient.scope,
    audience: issuer,
    accessTokenTTL: 3600,
    accessTokenFormat: "jwt",
    jwt: { sign: { alg: "RS256" } },
  } as const;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: benchClient.clientId,
        client_secret: benchClient.clientSecret,
        grant_types: ["client_credentials"],
        redirect_uris: [],
        response_types: [],
        token_endpoint_auth_method: "client_secret_basic",
        scope: benchClient.scope,
      },
    ],
    scopes: [benchClient.scope],
    jwks: { keys: [{ ...jwk, alg: "RS256", use: "sig" } as never] },
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => issuer,
        useGrantedResource: () => true,
        getResourceServerInfo: () => resourceServer,
      },
    },
  });
  return createServer(provider.callback());
}
