/**
 * Peer: @jmondi/oauth2-server (the TypeScript port of thephpleague/oauth2-server), configured as
 * fairly as it allows: the client credentials grant only, the bench client with its secret
 * checked as a SHA-256 digest in constant time (as Tessera does), RS256 with the run's key parsed
 * once into a KeyObject (jsonwebtoken would re-parse a PEM on every token), tokens not
 * persisted, no logger, and `node:http` with the form parsed by `URLSearchParams` instead of a
 * framework in front.
 */
import { createHash, createPrivateKey, randomBytes, timingSafeEqual, type KeyObject } from "node:crypto";
import { createServer, type Server } from "node:http";
import {
  AuthorizationServer,
  DateInterval,
  OAuthRequest,
  type JwtInterface,
  type OAuthClient,
  type OAuthClientRepository,
  type OAuthScope,
  type OAuthScopeRepository,
  type OAuthToken,
  type OAuthTokenRepository,
} from "@jmondi/oauth2-server";
import jwt from "jsonwebtoken";
import { benchClient, issuer } from "../fixture.js";

const scope: OAuthScope = { name: benchClient.scope };
const client: OAuthClient = {
  id: benchClient.clientId,
  name: benchClient.clientId,
  secret: benchClient.clientSecret,
  redirectUris: [],
  allowedGrants: ["client_credentials"],
  scopes: [scope],
};
const storedDigest = createHash("sha256").update(benchClient.clientSecret).digest();

const clients: OAuthClientRepository = {
  async getByIdentifier(clientId) {
    if (clientId !== client.id) throw new Error("unknown client");
    return client;
  },
  async isClientValid(grantType, candidate, clientSecret) {
    const presented = createHash("sha256").update(clientSecret ?? "").digest();
    return timingSafeEqual(presented, storedDigest) && candidate.allowedGrants.includes(grantType);
  },
};

const tokens: OAuthTokenRepository = {
  async issueToken(tokenClient, scopes) {
    return {
      accessToken: randomBytes(16).toString("base64url"),
      accessTokenExpiresAt: new DateInterval("1h").getEndDate(),
      client: tokenClient,
      scopes,
    } satisfies OAuthToken;
  },
  async persist() {},
  async revoke() {},
  async issueRefreshToken(token) {
    return token;
  },
  async isRefreshTokenRevoked() {
    return true;
  },
  async getByRefreshToken() {
    throw new Error("no refresh tokens");
  },
};

const scopes: OAuthScopeRepository = {
  async getAllByIdentifiers(names) {
    return names.filter((name) => name === scope.name).map(() => scope);
  },
  async finalize(requested) {
    return requested;
  },
};

/** jmondi's own JwtService, with the algorithm it cannot be told and the audience. */
class RS256JwtService implements JwtInterface {
  constructor(private readonly key: KeyObject) {}

  sign(payload: string | Buffer | Record<string, unknown>): Promise<string> {
    return new Promise((resolve, reject) => {
      jwt.sign(payload, this.key, { algorithm: "RS256" }, (error, encoded) => {
        if (encoded !== undefined) resolve(encoded);
        else reject(error ?? new Error("no token"));
      });
    });
  }

  verify(): Promise<Record<string, unknown>> {
    return Promise.reject(new Error("not used by the bench"));
  }

  decode(token: string) {
    return jwt.decode(token);
  }

  extraTokenFields() {
    return { aud: issuer };
  }
}

export function jmondiServer(privateKeyPem: string): Server {
  const server = new AuthorizationServer(clients, tokens, scopes, new RS256JwtService(createPrivateKey(privateKeyPem)), {
    issuer,
  });
  server.enableGrantType("client_credentials");

  return createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const body = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString("utf8")));
      const request = new OAuthRequest({ headers: req.headers as Record<string, string>, body });
      const send = (status: number, headers: Record<string, unknown>, json: unknown) => {
        const text = JSON.stringify(json);
        res.writeHead(status, { ...headers, "content-type": "application/json", "content-length": Buffer.byteLength(text) } as Record<string, string | number>);
        res.end(text);
      };
      server.respondToAccessTokenRequest(request).then(
        (response) => send(response.status, response.headers, response.body),
        (error: { status?: number; errorType?: string }) => send(error.status ?? 500, {}, { error: error.errorType ?? "server_error" }),
      );
    });
  });
}
