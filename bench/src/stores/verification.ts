/**
 * The `revocation-check` group: `resourceServer.verifyToken` on one valid token, without
 * revocation checking (the floor) and with a `RevocationSet` (a local copy of the revocations in
 * PostgreSQL, kept current by a ChangeFollower, holding 10,000 revoked tokens as a busy server
 * would). Both verify against the same in-process keys.
 */
import {
  ChangeFollower,
  clientCredentialsGrant,
  createAuthorizationServer,
  createResourceServer,
  InMemoryClientRepository,
  RevocationSet,
  type RevocationCheck,
} from "@tessera/core";
import { issueTestToken } from "@tessera/core/testing";
import { openPostgres } from "@tessera/example-config/postgres";
import { benchClient, issuer } from "../fixture.js";
import type { Prepared } from "../inprocess/operations.js";
import { benchDatabaseUrl } from "./database.js";

export const verificationTargets = ["verify-unchecked", "verify-revocation-set"] as const;
export type VerificationTarget = (typeof verificationTargets)[number];

/** Revoked tokens the set holds while it is measured. */
const heldRevocations = 10_000;

export async function prepareVerification(target: VerificationTarget, privateKeyPem: string): Promise<Prepared> {
  const server = createAuthorizationServer({
    issuer,
    clients: new InMemoryClientRepository([{ clientId: benchClient.clientId, clientSecret: benchClient.clientSecret, scopes: [benchClient.scope] }]),
    signingKey: privateKeyPem,
    grants: [clientCredentialsGrant()],
  });
  const issue = () => issueTestToken(server, { clientId: benchClient.clientId, clientSecret: benchClient.clientSecret }, { scope: benchClient.scope });
  const revocations = target === "verify-revocation-set" ? await filledRevocationSet() : undefined;
  const resourceServer = createResourceServer({ issuer, audience: issuer, keys: server.keys, ...(revocations === undefined ? {} : { revocations }) });
  const token = await issue();
  await resourceServer.verifyToken(token);
  if (revocations === undefined) return { operation: () => resourceServer.verifyToken(token), checked: "its token verifies" };
  const revoked = await issue();
  const { jti, exp } = JSON.parse(Buffer.from(revoked.split(".")[1] ?? "", "base64url").toString()) as { jti: string; exp: number };
  await (revocations as RevocationSet).revokeToken(jti, exp + 300);
  const refused = await resourceServer.verifyToken(revoked).then(
    () => false,
    () => true,
  );
  if (!refused) throw new Error("a revoked token still verifies");
  return { operation: () => resourceServer.verifyToken(token), checked: `its token verifies, a revoked one does not (${heldRevocations} revocations held)` };
}

async function filledRevocationSet(): Promise<RevocationCheck> {
  const database = await openPostgres(benchDatabaseUrl());
  const prefix = crypto.randomUUID();
  const keepUntil = Date.now() / 1000 + 3600;
  for (let batch = 0; batch < heldRevocations; batch += 100) {
    await Promise.all(Array.from({ length: 100 }, (_, i) => database.revocations.revokeToken(`${prefix}-${batch + i}`, keepUntil)));
  }
  const changes = new ChangeFollower(database.changes as NonNullable<typeof database.changes>);
  const set = new RevocationSet(database.revocations, changes);
  await changes.ready();
  if (set.size < heldRevocations) throw new Error(`the revocation set holds ${set.size} revocations, not ${heldRevocations}`);
  return set;
}
