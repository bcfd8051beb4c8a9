import type { StoreProbe } from "./probe.js";
import type { Consistency } from "./consistency.js";

/**
 * Client authentication methods at the token endpoint (RFC 7591 §2 `token_endpoint_auth_method`
 * values) that Tessera implements.
 */
export type ClientAuthenticationMethod = "client_secret_basic" | "client_secret_post" | "private_key_jwt";

/**
 * One stored client secret: its hash, and when it stops being accepted. A client holds several
 * while a secret is rotated: the new one, and the previous one until its `expiresAt`.
 */
export interface ClientSecretHash {
  /** The stored form, from `hashClientSecret` (`sha256:` and a base64url digest). */
  readonly hash: string;
  /**
   * When this secret stops being accepted, in seconds since the epoch; `undefined` for never.
   * @defaultValue undefined
   */
  readonly expiresAt?: number | undefined;
}

/**
 * A registered client, as a {@link ClientRepository} returns it and a {@link ClientStore} keeps it.
 * Field meanings follow RFC 7591 client metadata, in camelCase; times are seconds since the epoch.
 */
export interface Client {
  /** The client identifier (RFC 6749 §2.2): printable ASCII (RFC 6749 Appendix A.1). */
  readonly clientId: string;
  /** A name for people (RFC 7591 `client_name`); never used for decisions. */
  readonly clientName?: string | undefined;
  /**
   * The client's secrets, as hashes. More than one while a secret is rotated. A client without
   * any authenticates without a secret (`private_key_jwt`) or not at all.
   * @defaultValue none
   */
  readonly secrets?: readonly ClientSecretHash[] | undefined;
  /** Grant types the client may use (RFC 7591 `grant_types`), for example `client_credentials`. */
  readonly grantTypes: readonly string[];
  /** Every scope the client may be granted (RFC 7591 `scope`). */
  readonly scopes: readonly string[];
  /**
   * Scopes granted when a request names none (RFC 6749 §3.3's "pre-defined default value").
   * @defaultValue all of {@link Client.scopes}
   */
  readonly defaultScopes?: readonly string[] | undefined;
  /**
   * The one authentication method this client may use (RFC 7591 `token_endpoint_auth_method`).
   * @defaultValue any method the server supports that the client has credentials for: its
   * secrets for the secret methods, its `jwks` or `jwksUri` for `private_key_jwt`
   */
  readonly tokenEndpointAuthMethod?: ClientAuthenticationMethod | undefined;
  /**
   * The JWS algorithm the client signs its assertions with (RFC 7591
   * `token_endpoint_auth_signing_alg`), for `private_key_jwt`. @defaultValue any the server accepts
   */
  readonly tokenEndpointAuthSigningAlg?: string | undefined;
  /** The client's public keys, inline (RFC 7591 `jwks`), for `private_key_jwt`. */
  readonly jwks?: { readonly keys: readonly Readonly<Record<string, unknown>>[] } | undefined;
  /** Where the client's public keys are published (RFC 7591 `jwks_uri`), for `private_key_jwt`. */
  readonly jwksUri?: string | undefined;
  /**
   * Whether every token of this client must be bound to a DPoP key (RFC 9449 §5.2
   * `dpop_bound_access_tokens`). @defaultValue false
   */
  readonly dpopBoundAccessTokens?: boolean | undefined;
  /**
   * The resources this client may ask a token for with `resource` (RFC 8707 §2): absolute URIs
   * without fragment, compared exactly. @defaultValue none, so a request naming any is refused
   */
  readonly resources?: readonly string[] | undefined;
  /**
   * The `aud` of a token whose request names no `resource`: among {@link Client.resources}.
   * @defaultValue the server's `audience`
   */
  readonly defaultResources?: readonly string[] | undefined;
  /** This client's access token lifetime in seconds. @defaultValue the grant's, else the server's */
  readonly accessTokenTtl?: number | undefined;
  /**
   * Whether this client may introspect any token of this server (RFC 7662 §2.1), as a resource
   * server does. Every client may introspect its own tokens. @defaultValue false
   */
  readonly introspection?: boolean | undefined;
  /**
   * A disabled client cannot authenticate: every request gets `invalid_client`, after the same
   * work as a wrong secret. Tokens it already holds stay valid until revoked or expired.
   * @defaultValue false
   */
  readonly disabled?: boolean | undefined;
}

/** Looks up registered clients. The league's `ClientRepositoryInterface`, as one async call. */
export interface ClientRepository extends StoreProbe {
  /**
   * Returns the client with this id, or `undefined` when there is none. Do not verify secrets
   * here: Tessera does that itself, in constant time and at the same cost for unknown clients.
   * A store that is out of reach throws `TemporarilyUnavailableError`.
   */
  getClient(clientId: string): Promise<Client | undefined>;
}

/** One page of {@link ClientStore.listClients}. */
export interface ClientPage {
  /** Clients in order of `clientId` (by code unit). */
  readonly clients: readonly Client[];
  /** Pass as `after` for the next page; `undefined` on the last page. */
  readonly next: string | undefined;
}

/**
 * Clients that can be changed at run time, by an operator (the `tessera clients` commands) or by
 * configuration applied at start-up. Every write is seen by every instance sharing the store on
 * its next read (instances may cache reads; see the change feed).
 */
export interface ClientStore extends ClientRepository {
  /** What reads and writes of clients promise across instances. */
  readonly clientConsistency: Consistency;
  /** Adds a client; resolves `false`, changing nothing, when the id is taken. */
  createClient(client: Client): Promise<boolean>;
  /** Adds the client, or replaces the one with its id, secrets included (configuration as code). */
  putClient(client: Client): Promise<void>;
  /** Replaces an existing client, secrets included; resolves `false` when there is none. */
  updateClient(client: Client): Promise<boolean>;
  /** Disables or enables a client; resolves `false` when there is none. */
  setClientDisabled(clientId: string, disabled: boolean): Promise<boolean>;
  /**
   * Rotates a secret atomically: adds `secret`, and makes every secret the client holds that
   * expires later than `previousExpireAt` (or never) expire at `previousExpireAt` (seconds since
   * the epoch; now, to stop accepting them at once). Resolves `false` when there is no client.
   */
  rotateClientSecret(clientId: string, secret: ClientSecretHash, previousExpireAt: number): Promise<boolean>;
  /** Removes a client; resolves `false` when there is none. */
  deleteClient(clientId: string): Promise<boolean>;
  /** Lists clients in order of id, `limit` (default 100, at most 1000) after the id `after`. */
  listClients(options?: { readonly after?: string | undefined; readonly limit?: number | undefined }): Promise<ClientPage>;
}
