import { changeChecks, resetCheck, watchCheck } from "./checks-changes.js";
import { clientChecks } from "./checks-clients.js";
import { counterChecks } from "./checks-counters.js";
import { raceChecks } from "./checks-races.js";
import { revocationChecks } from "./checks-revocations.js";
import type { StoreCheck, StoreFixture } from "./fixture.js";
import { describe } from "./problems.js";

export type { StoreCheck, StoreFixture, StoreViews } from "./fixture.js";

/** What a store offers beyond the contract's required operations. */
export interface StoreCapabilities {
  /** Whether its change feed pushes (`ChangeFeed.watch`). */
  readonly watch: boolean;
}

/**
 * The store conformance suite, written once and run against every store with the store
 * injected: each operation of the contract (clients, revocations, change feed with its reset,
 * counters, replay reservations), expiry, input checks, and races across connections. It imports only types, so
 * it runs wherever its runner does (Node for the memory and PostgreSQL stores, workerd for D1
 * and the Durable Object).
 */
export function storeChecks(capabilities: StoreCapabilities): readonly StoreCheck[] {
  return [
    ...clientChecks,
    ...revocationChecks,
    ...changeChecks,
    resetCheck,
    ...(capabilities.watch ? [watchCheck] : []),
    ...counterChecks,
    ...raceChecks,
  ];
}

/**
 * Runs the check named `name` on `fixture`, with ids under a prefix of its own, and resolves
 * with its problems (a throw is one problem).
 */
export async function runStoreCheck(check: StoreCheck, fixture: StoreFixture, runId: string): Promise<readonly string[]> {
  const prefix = `${runId}-${check.name.replace(/[^a-z]+/g, "-").slice(0, 40)}-`;
  try {
    return await check.run(fixture, (name) => prefix + name);
  } catch (error) {
    return [`threw ${describe(error)}`];
  }
}
