import type { Defer, IncomingRequest } from "../http/exchange.js";
import { formatScope } from "../protocol/scopes.js";
import { generateTokenId } from "../tokens/signer.js";
import { checkCustomClaims } from "./custom-claims.js";
import { aboutRequest, emit } from "./events.js";
import type { AccessTokenGrant, IssuedAccessToken } from "./grants/grant.js";
import type { ResolvedOptions } from "./options.js";
import type { AccessTokenRecord } from "./audit.js";
import { limitTtlByAudience, resolveTokenAudience } from "./resource-indicators.js";
import type { StartUp } from "./startup.js";

/**
 * Issues the access token of a grant that a request earned; `jkt`, the thumbprint of the
 * request's DPoP key, binds it to that key (RFC 9449 §6.1).
 */
export type AccessTokenIssuer = (grant: AccessTokenGrant, request: IncomingRequest, jkt?: string) => Promise<IssuedAccessToken>;

/**
 * The server's issuance: decides the audience (RFC 8707 §2: `invalid_target` before anything is
 * signed) and the lifetime, adds the custom claims, signs an RFC 9068 access token with the
 * active key, hands its record to the access token repository, and tells `accessTokenIssued`.
 */
export function createAccessTokenIssuer(config: ResolvedOptions, startUp: StartUp): AccessTokenIssuer {
  const { customClaims, accessTokenTtlByAudience, events, onError } = config;
  return async (grant, request, jkt) => {
    const { signer } = (await startUp.current()).keySet;
    const { client, subject, scopes, request: tokenRequest } = grant;
    const { grantType } = tokenRequest;
    const audience = resolveTokenAudience(tokenRequest.resources, client, config.audience);
    const ttl =
      accessTokenTtlByAudience === undefined ? grant.ttl : limitTtlByAudience(grant.ttl, audience, accessTokenTtlByAudience);
    const extra =
      customClaims === undefined
        ? undefined
        : checkCustomClaims(await customClaims({ client, request: tokenRequest, grantType, subject, scopes, audience }));
    const iat = Math.floor(config.now() / 1000);
    const exp = iat + ttl;
    const jti = generateTokenId();
    const clientId = client.clientId;
    // With the signatures of the requests that arrived with this one (see `PlainRequest.defer`).
    if (request.defer !== undefined) await nextTurn(request.defer);
    const signingStarted = performance.now();
    const token = await signer.sign(
      {
        iss: config.issuer,
        sub: subject,
        aud: audience,
        exp,
        iat,
        jti,
        client_id: clientId,
        scope: formatScope(scopes),
        ...(jkt === undefined ? {} : { cnf: { jkt } }),
      },
      extra,
    );
    const signingTime = (performance.now() - signingStarted) / 1000;
    const record: AccessTokenRecord = { jti, clientId, subject, scopes, audience, issuedAt: iat, expiresAt: exp };
    if (config.audit !== undefined) await config.audit(record);
    emit(events.accessTokenIssued, () => aboutRequest({ ...record, grantType, signingTime }, request), onError);
    return { token, expiresIn: ttl, tokenType: jkt === undefined ? "Bearer" : "DPoP" };
  };
}

/** Settles once `defer` runs its task. */
function nextTurn(defer: Defer): Promise<void> {
  return new Promise((resolve) => defer(resolve));
}
