import { TemporarilyUnavailableError } from "../protocol/faults.js";
import type { AccessTokenPrincipal } from "../tokens/principal.js";
import type { ResolvedResourceServerOptions } from "./options.js";
import { DependencyFailed } from "./refusals.js";

/**
 * The revocation check of a verified token: with `revocations`, whether the token is revoked by
 * its own mark (`jti`) or by its client's (`client_id`, `iat`); without, never. A check that
 * fails is a {@link DependencyFailed} (503, never access), waiting what the store's
 * `TemporarilyUnavailableError` says, else a second.
 */
export function createRevocationCheck(config: Pick<ResolvedResourceServerOptions, "revocations">): (principal: AccessTokenPrincipal) => Promise<boolean> {
  const { revocations } = config;
  if (revocations === undefined) return async () => false;
  return async ({ jti, clientId, issuedAt }) => {
    try {
      return await revocations.isRevoked({ jti, clientId, issuedAt });
    } catch (cause) {
      const retryAfter = cause instanceof TemporarilyUnavailableError ? cause.retryAfter : undefined;
      throw new DependencyFailed("the revocation check failed", { cause, retryAfter: retryAfter ?? 1 });
    }
  };
}
