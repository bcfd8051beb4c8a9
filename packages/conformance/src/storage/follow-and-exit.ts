// Run by follower-exit.test.ts on Node, Deno and Bun: a process that follows a store's change
// feed (a MemoryStore, which pushes) with a RevocationSet, checks a revocation, and then simply
// ends its script without closing anything. It must exit by itself: the follower's timers never
// keep a process alive.
import { ChangeFollower, MemoryStore, RevocationSet } from "@tessera/core";

const store = new MemoryStore();
const changes = new ChangeFollower(store, { pollInterval: 0.05 });
const revocations = new RevocationSet(store, changes, { whenStale: "fail-closed" });
await changes.ready();
await store.revokeToken("revoked", Date.now() / 1000 + 600);
await changes.ready();
const token = { jti: "revoked", clientId: "svc", issuedAt: Date.now() / 1000 };
console.log((await revocations.isRevoked(token)) ? "revoked, and exiting" : "not revoked");
