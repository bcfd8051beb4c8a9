import type { ChangeBatch, ChangeFeed, StoreChange } from "@tessera/core";

/**
 * A local copy fed by a {@link ChangeFeed}, as a resource server keeps one: revoked tokens, each
 * client's revocation line, and the clients whose cached copy was dropped. Applying a change
 * twice changes nothing, as the contract allows a change to be delivered twice.
 */
export class Replica {
  readonly tokens = new Map<string, number>();
  readonly lines = new Map<string, { issuedBefore: number; keepUntil: number }>();
  readonly changedClients = new Set<string>();
  /** Every change read, in order, duplicates included. */
  readonly delivered: StoreChange[] = [];
  cursor: string | undefined;

  constructor(private readonly feed: ChangeFeed) {}

  /** Reads the next batch and applies it. */
  async read(): Promise<ChangeBatch> {
    const batch = await this.feed.readChanges(this.cursor);
    for (const change of batch.changes) this.apply(change);
    this.cursor = batch.cursor;
    return batch;
  }

  /** Reads until a batch brings nothing new, at most `rounds` times. */
  async drain(rounds = 20): Promise<void> {
    for (let round = 0; round < rounds; round++) {
      const before = this.delivered.length;
      const batch = await this.read();
      if (batch.changes.length === 0 || this.delivered.length === before) return;
    }
  }

  apply(change: StoreChange): void {
    this.delivered.push(change);
    switch (change.kind) {
      case "token-revoked":
        this.tokens.set(change.jti, Math.max(change.keepUntil, this.tokens.get(change.jti) ?? -Infinity));
        return;
      case "client-tokens-revoked": {
        const held = this.lines.get(change.clientId);
        this.lines.set(change.clientId, {
          issuedBefore: Math.max(change.issuedBefore, held?.issuedBefore ?? -Infinity),
          keepUntil: Math.max(change.keepUntil, held?.keepUntil ?? -Infinity),
        });
        return;
      }
      case "client-changed":
        this.changedClients.add(change.clientId);
    }
  }
}

/** The id a change is about: its `jti`, or its `clientId`. */
export function subjectOf(change: StoreChange): string {
  return change.kind === "token-revoked" ? change.jti : change.clientId;
}

/** Whether `expected` appears in `actual` in order, possibly with other items between. */
export function isSubsequence<T>(expected: readonly T[], actual: readonly T[], same: (a: T, b: T) => boolean): boolean {
  let next = 0;
  for (const item of actual) {
    const wanted = expected[next];
    if (wanted !== undefined && same(item, wanted)) next++;
  }
  return next === expected.length;
}
