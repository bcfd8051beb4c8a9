import { basicChallenge } from "../../protocol/challenges.js";
import type { ClientAuthenticationMethod, ClientRepository } from "../../storage/clients.js";
import type { ReplayStore } from "../../storage/replay.js";
import type { ClientAssertionSettings } from "./assertion-options.js";
import { clientAuthenticationMethods, createClientAuthenticator, type ClientAuthenticator } from "./authenticate.js";
import type { Lockout } from "./lockout.js";
import { privateKeyJwt } from "./private-key-jwt.js";
import { clientSecretBasic, clientSecretPost } from "./secret-methods.js";

/** What the server's client authentication is made of. */
export interface ClientAuthenticationConfig {
  readonly issuer: string;
  /** The token endpoint's URL, an assertion audience unless `clientAssertions.audience` is strict. */
  readonly tokenEndpoint: string;
  readonly clients: ClientRepository;
  readonly clientAssertions: ClientAssertionSettings;
  readonly replay: ReplayStore;
  readonly lockout: Lockout;
  /** `fapi2`: client secrets are refused (FAPI 2.0 Security Profile §5.3.2.1). */
  readonly profile: "fapi2" | undefined;
  readonly now: () => number;
}

/**
 * The methods this server accepts, in the order metadata lists them: all three, or under the
 * FAPI 2.0 profile `private_key_jwt` alone (its only method without mutual TLS, which Tessera
 * does not terminate).
 */
export function enabledClientAuthenticationMethods(profile: "fapi2" | undefined): readonly ClientAuthenticationMethod[] {
  return profile === "fapi2" ? ["private_key_jwt"] : clientAuthenticationMethods;
}

/**
 * The server's client authenticator: `client_secret_basic` (its 401s challenge with `Basic` and
 * the issuer as the realm), `client_secret_post` and `private_key_jwt`, every one recognised so
 * that a request mixing them is refused, and only the enabled ones accepted.
 */
export function createServerClientAuthenticator(config: ClientAuthenticationConfig): ClientAuthenticator {
  const { issuer, tokenEndpoint, clientAssertions, replay, now } = config;
  const audiences = clientAssertions.strictAudience ? [issuer] : [issuer, tokenEndpoint];
  const strategies = [
    clientSecretBasic(basicChallenge(issuer), now),
    clientSecretPost(now),
    privateKeyJwt({ settings: clientAssertions, audiences, replay, now }),
  ];
  return createClientAuthenticator(config.clients, strategies, enabledClientAuthenticationMethods(config.profile), config.lockout);
}
