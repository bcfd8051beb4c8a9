import type { RevocableToken } from "@tessera/core";
import { withChange, type StoreContext } from "./context.js";
import { dbNow } from "./names.js";

/** The statements of `RevocationStore` on PostgreSQL; see `PostgresStore` for what each promises. */
export function revocationStatements(context: StoreContext) {
  const { revokedTokens, revokedClients } = context.names;
  // A mark only ever grows: a write that would not change it returns no row, records no change.
  const revokeToken = withChange(
    context,
    `INSERT INTO ${revokedTokens} AS t (jti, keep_until) VALUES ($1::text, $2::float8)
     ON CONFLICT (jti) DO UPDATE SET keep_until = excluded.keep_until WHERE t.keep_until < excluded.keep_until
     RETURNING jti, keep_until`,
    "SELECT 'token-revoked', jti, NULL::float8, keep_until",
  );
  const revokeClientTokens = withChange(
    context,
    `INSERT INTO ${revokedClients} AS t (client_id, issued_before, keep_until) VALUES ($1::text, $2::float8, $3::float8)
     ON CONFLICT (client_id) DO UPDATE SET
       issued_before = greatest(t.issued_before, excluded.issued_before),
       keep_until = greatest(t.keep_until, excluded.keep_until)
     WHERE t.issued_before < excluded.issued_before OR t.keep_until < excluded.keep_until
     RETURNING client_id, issued_before, keep_until`,
    "SELECT 'client-tokens-revoked', client_id, issued_before, keep_until",
  );
  const isRevoked = `SELECT
      EXISTS (SELECT 1 FROM ${revokedTokens} WHERE jti = $1::text AND keep_until > ${dbNow})
      OR EXISTS (SELECT 1 FROM ${revokedClients} WHERE client_id = $2::text AND issued_before > $3::float8 AND keep_until > ${dbNow})
    AS revoked`;
  return {
    async revokeToken(jti: string, keepUntil: number): Promise<void> {
      if ((await context.run(revokeToken, [jti, keepUntil])).length > 0) await context.wrote();
    },
    async revokeClientTokens(clientId: string, issuedBefore: number, keepUntil: number): Promise<void> {
      if ((await context.run(revokeClientTokens, [clientId, issuedBefore, keepUntil])).length > 0) await context.wrote();
    },
    async isRevoked({ jti, clientId, issuedAt }: RevocableToken): Promise<boolean> {
      const [row] = await context.run(isRevoked, [jti, clientId, issuedAt]);
      return row?.revoked === true;
    },
  };
}
