/**
 * The protected resource over HTTP on Node, outside Tessera: the floor (verify/minimal-verifier.ts
 * on plain `node:http`) and the verifiers users would pick instead of Tessera's, each configured
 * as its documentation shows, as fairly as it allows, to check what the floor checks:
 * - Hono's `jwk` middleware (`hono/jwk`) on @hono/node-server, with the public key in `keys` (with
 *   `jwks_uri` it fetches the JWK Set on every request), `alg`, and `verification` of `iss`,
 *   `aud` and `typ`;
 * - Auth0's `express-oauth2-jwt-bearer` on Express 5, with the public JWK in `publicKey` (imported
 *   once), `strict: true` (RFC 9068: `typ` `at+jwt`, `iat`, `sub`, `client_id`, `jti` required);
 * - `passport-jwt` on Express 5: Passport's JWT strategy, what NestJS's authentication guide builds
 *   on and the most downloaded JWT middleware on npm; `jsonwebtoken` underneath, so no EdDSA. The
 *   key is a `KeyObject` parsed once (a PEM string would be parsed on every request), and the verify
 *   callback checks `typ` and the claims `jsonwebtoken` does not.
 * Each answers the principal as every verifier target does; with a revocation set, each looks the
 * `jti` up after verifying, as a user would add it.
 */
import { createPublicKey } from "node:crypto";
import { createServer, type Server } from "node:http";
import { serve } from "@hono/node-server";
import express, { type ErrorRequestHandler } from "express";
import { auth } from "express-oauth2-jwt-bearer";
import { Hono } from "hono";
import { jwk } from "hono/jwk";
import passport from "passport";
import { ExtractJwt, Strategy as JwtStrategy } from "passport-jwt";
import { issuer, principalBody, resourceRequest, type Alg } from "../fixture.js";
import { minimalVerifier } from "../verify/minimal-verifier.js";
import { publicJwkOf } from "../verify/public-key.js";

type Revoked = ReadonlySet<string> | undefined;

/** The floor: verify/minimal-verifier.ts on `node:http`. */
export async function minimalVerifierServer(alg: Alg, privateKeyPem: string, revoked: Revoked): Promise<Server> {
  const decide = await minimalVerifier(alg, privateKeyPem, revoked);
  return createServer((req, res) => {
    if (req.url !== resourceRequest.path) return void res.writeHead(404).end();
    void decide(req.headers.authorization).then((answer) => {
      res.writeHead(answer.status, {
        "content-type": "application/json",
        "content-length": Buffer.byteLength(answer.body),
        ...(answer.challenge === undefined ? {} : { "www-authenticate": answer.challenge }),
      });
      res.end(answer.body);
    });
  });
}

export async function honoJwkServer(alg: Alg, privateKeyPem: string, revoked: Revoked, port: number, hostname: string): Promise<Server> {
  const key = await publicJwkOf(alg, privateKeyPem);
  const app = new Hono<{ Variables: { jwtPayload: Record<string, unknown> } }>();
  app.use(resourceRequest.path, jwk({ keys: [key as never], alg: [alg], verification: { iss: issuer, aud: issuer, typ: "at+jwt" } }));
  app.get(resourceRequest.path, (c) => {
    const payload = c.get("jwtPayload");
    if (revoked?.has(payload.jti as string) === true) return c.json({ error: "invalid_token" }, 401);
    return c.json(principalBody(payload));
  });
  return serve({ fetch: app.fetch, port, hostname }) as Server;
}

/** What Express answers for a refusal, as the libraries' READMEs show: the error's status and headers. */
const refusal: ErrorRequestHandler = (error: { status?: number; headers?: Record<string, string> }, _req, res, _next) => {
  res.status(error.status ?? 500).set(error.headers ?? {}).json({ error: "invalid_token" });
};

export async function expressOauth2Server(alg: Alg, privateKeyPem: string, revoked: Revoked): Promise<Server> {
  const app = express();
  const checkJwt = auth({ issuer, audience: issuer, publicKey: (await publicJwkOf(alg, privateKeyPem)) as never, tokenSigningAlg: alg, strict: true });
  app.get(resourceRequest.path, checkJwt, (req, res) => {
    const payload = req.auth!.payload;
    if (revoked?.has(payload.jti as string) === true) return void res.status(401).json({ error: "invalid_token" });
    res.json(principalBody(payload));
  });
  app.use(refusal);
  return createServer(app);
}

export function passportServer(alg: Alg, privateKeyPem: string, revoked: Revoked): Server {
  if (alg === "EdDSA") throw new Error("passport-jwt (jsonwebtoken) does not verify EdDSA");
  const strategy = new JwtStrategy(
    {
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      secretOrKey: createPublicKey(privateKeyPem) as never,
      issuer,
      audience: issuer,
      algorithms: [alg],
      // The whole token, so that the callback can check `typ` (RFC 9068 §4).
      jsonWebTokenOptions: { complete: true, clockTolerance: 30 },
    },
    (token: { header: { typ?: string }; payload: Record<string, unknown> }, done: (error: null, user: unknown) => void) => {
      const { header, payload } = token;
      const complete = ["exp", "iat", "jti", "client_id", "sub"].every((claim) => payload[claim] !== undefined);
      const ok = header.typ === "at+jwt" && complete && revoked?.has(payload.jti as string) !== true;
      done(null, ok ? payload : false);
    },
  );
  const authenticator = new passport.Passport();
  authenticator.use(strategy);
  const app = express();
  app.use(authenticator.initialize());
  app.get(resourceRequest.path, authenticator.authenticate("jwt", { session: false }), (req, res) => {
    res.json(principalBody(req.user as Record<string, unknown>));
  });
  return createServer(app);
}
