import { invalidOption } from "../../lib/checks.js";
import { isScopeToken } from "../../protocol/scopes.js";
import type { Client } from "../../storage/clients.js";

/** What {@link ScopeRepository.finalizeScopes} is told about the request. */
export interface ScopeFinalizationContext {
  /** The grant type being used, for example `client_credentials`. */
  readonly grantType: string;
  /** The authenticated client. */
  readonly client: Client;
}

/** Knows which scopes exist. The league's `ScopeRepositoryInterface`. */
export interface ScopeRepository {
  /**
   * Returns those of `scopes` that are registered; an unregistered scope in a request is refused
   * with `invalid_scope`.
   */
  findScopes(scopes: readonly string[]): Promise<readonly string[]>;
  /**
   * Lists every registered scope, for the metadata document's `scopes_supported`
   * (RFC 8414 §2). Optional: without it the member is left out. Read once, at start-up.
   */
  listScopes?(): Promise<readonly string[]>;
  /**
   * Has the last word on the scopes of a token (the league's `finalizeScopes`): receives the
   * scopes validated against the request and the client, returns the scopes to grant. It may
   * narrow or widen them; returning none refuses the request with `invalid_scope`.
   */
  finalizeScopes?(
    scopes: readonly string[],
    context: ScopeFinalizationContext,
  ): Promise<readonly string[]>;
}

/** Options of {@link InMemoryScopeRepository}. */
export interface InMemoryScopeRepositoryOptions {
  /** The `finalizeScopes` hook; see {@link ScopeRepository.finalizeScopes}. */
  readonly finalizeScopes?: ScopeRepository["finalizeScopes"] | undefined;
}

/** A fixed set of registered scopes, listed in the metadata's `scopes_supported`. */
export class InMemoryScopeRepository implements ScopeRepository {
  readonly #scopes: ReadonlySet<string>;
  readonly #finalize: ScopeRepository["finalizeScopes"];

  constructor(scopes: Iterable<string>, options: InMemoryScopeRepositoryOptions = {}) {
    const list = [...scopes];
    if (!list.every((s) => typeof s === "string" && isScopeToken(s))) {
      throw invalidOption("scopes", "every scope must be a scope token (RFC 6749 §3.3)");
    }
    this.#scopes = new Set(list);
    this.#finalize = options.finalizeScopes;
  }

  async findScopes(scopes: readonly string[]): Promise<readonly string[]> {
    return scopes.filter((scope) => this.#scopes.has(scope));
  }

  async listScopes(): Promise<readonly string[]> {
    return [...this.#scopes];
  }

  async finalizeScopes(scopes: readonly string[], context: ScopeFinalizationContext): Promise<readonly string[]> {
    return this.#finalize ? this.#finalize(scopes, context) : scopes;
  }
}
