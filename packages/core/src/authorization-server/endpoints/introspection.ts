import type { Endpoint } from "../../http/exchange.js";
import { noStoreJsonHeaders } from "../../protocol/response-headers.js";
import type { AccessTokenPrincipal } from "../../tokens/principal.js";
import type { ClientAuthenticator } from "../client-auth/authenticate.js";
import { aboutRequest, emit } from "../events.js";
import type { ResolvedOptions } from "../options.js";
import { tokenManagementEndpoint, type OwnTokenVerifier, type TokenManagementHandler } from "./token-management.js";

/** The introspection response of an active token (RFC 7662 §2.2), with its RFC member names. */
export interface IntrospectionResponse {
  readonly active: true;
  readonly scope: string;
  readonly client_id: string;
  readonly sub: string;
  readonly aud: string | readonly string[];
  readonly iss: string;
  readonly exp: number;
  readonly iat: number;
  readonly jti: string;
  /**
   * "Type of the token as defined in Section 5.1 of OAuth 2.0" (RFC 7662 §2.2): `DPoP` for a
   * token bound to a DPoP key (RFC 9449 §6.2), else `Bearer`.
   */
  readonly token_type: "Bearer" | "DPoP";
  /** The key a DPoP-bound token is bound to (RFC 9449 §6.2, RFC 7800 §3.1). */
  readonly cnf?: { readonly jkt: string };
}

const inactiveBody = JSON.stringify({ active: false });

/**
 * The introspection endpoint (RFC 7662 §2), after client authentication. A client may
 * introspect the tokens issued to it, and a client with `Client.introspection` any token
 * of this server (the "some form of authorization" §2.1 requires, against token scanning).
 * Anything else — invalid, expired, revoked (by its own mark or its client's, in the
 * `revocations` store), issued by another server, or another client's
 * token for a client without `introspection` — is `{"active": false}` alone (§2.2: the server
 * "SHOULD NOT include any additional information about an inactive token, including why the
 * token is inactive").
 */
export const introspect: TokenManagementHandler = async ({ client, principal, request }, config) => {
  const active =
    principal !== undefined &&
    (principal.clientId === client.clientId || client.introspection === true) &&
    !(await config.revocations?.isRevoked(principal));
  emit(
    config.events.introspectionPerformed,
    () => aboutRequest({ clientId: client.clientId, active, jti: active ? principal.jti : undefined }, request),
    config.onError,
  );
  const body = active ? JSON.stringify(activeResponse(principal)) : inactiveBody;
  return { status: 200, headers: noStoreJsonHeaders, body };
};

function activeResponse({ claims }: AccessTokenPrincipal): IntrospectionResponse {
  return {
    active: true,
    scope: (claims.scope as string | undefined) ?? "",
    client_id: claims.client_id as string,
    sub: claims.sub as string,
    aud: claims.aud as string | readonly string[],
    iss: claims.iss as string,
    exp: claims.exp as number,
    iat: claims.iat as number,
    jti: claims.jti as string,
    ...boundTo(claims.cnf),
  };
}

/** `token_type` and `cnf` of a token: `DPoP` and its `jkt` when it is bound to a key. */
function boundTo(cnf: unknown): Pick<IntrospectionResponse, "token_type" | "cnf"> {
  const jkt = (cnf as { jkt?: unknown } | undefined)?.jkt;
  return typeof jkt === "string" ? { token_type: "DPoP", cnf: { jkt } } : { token_type: "Bearer" };
}

/** The introspection endpoint (RFC 7662 §2): see {@link introspect}. */
export function introspectionEndpoint(
  config: ResolvedOptions,
  authenticateClient: ClientAuthenticator,
  verifyOwnToken: OwnTokenVerifier,
): Endpoint {
  return tokenManagementEndpoint(config, authenticateClient, verifyOwnToken, "introspection", introspect);
}
