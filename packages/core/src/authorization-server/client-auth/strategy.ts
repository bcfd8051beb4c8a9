import type { FormRequest } from "../../http/form-request.js";
import type { OAuthError } from "../../protocol/errors.js";
import type { Client, ClientAuthenticationMethod } from "../../storage/clients.js";

/**
 * A client's credentials as one method finds them in a request, before the client is looked up.
 * Everything that can be checked without the client (an assertion's claims, the form of a
 * secret) is checked by then, so that what is left costs the same for every client id.
 */
export interface PresentedClient {
  /** The client id the credentials name, unverified. */
  readonly clientId: string;
  readonly method: ClientAuthenticationMethod;
  /** `invalid_client` as this method's failures are answered: 401 with a challenge, or 400. */
  failed(description: string): OAuthError;
  /**
   * Whether the credentials are `client`'s. For an unknown client id (`undefined`) it does the
   * same work against nothing it could match, so timing does not tell the two apart. Rejects
   * with {@link failed}'s error for a failure it describes more precisely.
   */
  verify(client: Client | undefined): Promise<boolean>;
}

/**
 * A client authentication method (RFC 6749 §2.3, RFC 7523 §2.2), as a small value in the server's
 * list: it recognises its credentials in a request and verifies them against a client.
 */
export interface ClientAuthenticationStrategy {
  readonly method: ClientAuthenticationMethod;
  /**
   * The credentials `form` presents for this method, or `undefined` when it does not use it.
   * Throws `invalid_request` for a request that contradicts itself and {@link PresentedClient.failed}'s
   * error for credentials that are malformed.
   */
  present(form: FormRequest): PresentedClient | undefined;
}
