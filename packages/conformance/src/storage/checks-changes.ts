import type { StoreChange } from "@tessera/core";
import { minimalClient } from "./checks-clients.js";
import type { StoreCheck } from "./fixture.js";
import { canonical, Problems, sleep } from "./problems.js";
import { isSubsequence, Replica, subjectOf } from "./replica.js";

/** The changes among `changes` about ids that start with `prefix`. */
function about(changes: readonly StoreChange[], prefix: string): StoreChange[] {
  return changes.filter((change) => subjectOf(change).startsWith(prefix));
}

const same = (a: StoreChange, b: StoreChange) => canonical(a) === canonical(b);

/** The checks of {@link ChangeFeed.readChanges}. */
export const changeChecks: readonly StoreCheck[] = [
  {
    name: "changes: readChanges(undefined) holds every revocation still kept, and a cursor",
    async run({ views: [store], now }, id) {
      const problems = new Problems();
      const t = Math.floor(await now());
      await store.revocations.revokeToken(id("kept"), t + 3600);
      await store.revocations.revokeToken(id("expired"), t - 1);
      await store.revocations.revokeClientTokens(id("client"), t - 5, t + 7200);
      await store.clients.createClient(minimalClient(id("client")));
      const { changes, cursor } = await store.changes.readChanges(undefined);
      problems.check(typeof cursor === "string", "the cursor is not a string");
      const mine = about(changes, id("")).map(canonical).sort();
      const expected: StoreChange[] = [
        { kind: "token-revoked", jti: id("kept"), keepUntil: t + 3600 },
        { kind: "client-tokens-revoked", clientId: id("client"), issuedBefore: t - 5, keepUntil: t + 7200 },
      ];
      problems.equal(mine, expected.map(canonical).sort(), "the revocations in the first read");
      return problems.list;
    },
  },
  {
    name: "changes: every write after a cursor is read from it, oldest first",
    async run({ views: [store, other = store], now }, id) {
      const problems = new Problems();
      const t = Math.floor(await now());
      const reader = new Replica(store.changes);
      await reader.read();
      const clientId = id("client");
      await store.clients.createClient(minimalClient(clientId));
      await other.revocations.revokeToken(id("jti"), t + 600);
      await store.revocations.revokeClientTokens(clientId, t - 1, t + 900);
      await store.clients.updateClient({ ...minimalClient(clientId), scopes: ["a"] });
      await other.clients.setClientDisabled(clientId, true);
      await store.clients.rotateClientSecret(clientId, { hash: "sha256:new" }, t);
      await store.clients.putClient(minimalClient(id("put")));
      await other.clients.deleteClient(clientId);
      await reader.drain();
      const changed = (clientId: string): StoreChange => ({ kind: "client-changed", clientId });
      const expected: StoreChange[] = [
        changed(clientId),
        { kind: "token-revoked", jti: id("jti"), keepUntil: t + 600 },
        { kind: "client-tokens-revoked", clientId, issuedBefore: t - 1, keepUntil: t + 900 },
        changed(clientId),
        changed(clientId),
        changed(clientId),
        changed(id("put")),
        changed(clientId),
      ];
      const mine = about(reader.delivered, id(""));
      problems.check(isSubsequence(expected, mine, same), `read ${canonical(mine)}, expected ${canonical(expected)} in order`);
      problems.check(mine.every((change) => expected.some((wanted) => same(change, wanted))), `read a change never made: ${canonical(mine)}`);
      return problems.list;
    },
  },
  {
    name: "changes: a cursor from readChanges goes on where it stopped",
    async run({ views: [store], now }, id) {
      const problems = new Problems();
      const t = Math.floor(await now());
      const reader = new Replica(store.changes);
      await reader.read();
      await store.revocations.revokeToken(id("first"), t + 600);
      await reader.drain();
      const read = reader.delivered.length;
      await store.revocations.revokeToken(id("second"), t + 600);
      await reader.drain();
      const later = about(reader.delivered.slice(read), id(""));
      problems.check(later.some((change) => subjectOf(change) === id("second")), "the change after the cursor was not read");
      problems.check(reader.tokens.get(id("first")) === t + 600, "the change before the cursor was lost");
      return problems.list;
    },
  },
];

/** The check of {@link ChangeBatch.reset}: no reader is left to miss a `client-changed` entry the store forgot. */
export const resetCheck: StoreCheck = {
  name: "changes: a cursor older than the change retention is told to reset, with the revocations kept",
  async run({ shortRetention: { view, changeRetention, forget }, now, advance }, id) {
    const problems = new Problems();
    const t = Math.floor(await now());
    await view.revocations.revokeToken(id("kept"), t + 3600);
    const behind = new Replica(view.changes);
    await behind.read();
    await behind.drain();
    const cursor = behind.cursor as string;
    await view.clients.putClient(minimalClient(id("changed")));
    if (advance !== undefined) advance(changeRetention + 1);
    else await sleep((changeRetention + 0.6) * 1000);
    await forget();

    const batch = await view.changes.readChanges(cursor);
    problems.check(batch.reset === true, `a cursor older than a forgotten client-changed entry was not told to reset: ${canonical(batch)}`);
    const kept = about(batch.changes, id("")).filter((change) => change.kind === "token-revoked");
    problems.equal(kept, [{ kind: "token-revoked", jti: id("kept"), keepUntil: t + 3600 }], "the revocations of the reset batch");
    const next = await view.changes.readChanges(batch.cursor);
    problems.check(next.reset !== true, "the cursor of a reset batch was told to reset again");
    const fresh = await view.changes.readChanges((await view.changes.readChanges(undefined)).cursor);
    problems.check(fresh.reset !== true, "a cursor read after the entry was forgotten was told to reset");
    return problems.list;
  },
};

/** The check of {@link ChangeFeed.watch}, for stores that push. */
export const watchCheck: StoreCheck = {
  name: "changes: watch calls its listener soon after a write by any view, until stopped",
  async run({ views: [store, other = store], now }, id) {
    const problems = new Problems();
    const { watch } = store.changes;
    if (watch === undefined) return ["the store has no watch"];
    let calls = 0;
    const errors: unknown[] = [];
    const stop = await watch.call(store.changes, () => void calls++, (error) => errors.push(error));
    const t = await now();
    await other.revocations.revokeToken(id("watched"), t + 600);
    for (let waited = 0; calls === 0 && waited < 3000; waited += 20) await sleep(20);
    problems.check(calls > 0, "the listener was not called within 3 s of a write");
    await stop();
    const before = calls;
    await other.revocations.revokeToken(id("unwatched"), t + 600);
    await sleep(200);
    problems.equal(calls, before, "calls after the watch was stopped");
    problems.equal(errors.length, 0, "errors reported");
    return problems.list;
  },
};
