import { fullClient, minimalClient } from "./checks-clients.js";
import type { StoreCheck, StoreViews } from "./fixture.js";
import { canonical, Problems } from "./problems.js";
import { Replica } from "./replica.js";

/** `count` calls of `call`, all started at once, spread over the views in turn. */
function concurrently<T>(views: readonly StoreViews[], count: number, call: (view: StoreViews, index: number) => Promise<T>): Promise<T[]> {
  return Promise.all(Array.from({ length: count }, (_, index) => call(views[index % views.length] as StoreViews, index)));
}

/** The checks that race operations against each other, across every view. */
export const raceChecks: readonly StoreCheck[] = [
  {
    name: "races: 50 concurrent reserve of one key, exactly one wins",
    async run({ views, now }, id) {
      const problems = new Problems();
      const until = (await now()) + 300;
      const results = await concurrently(views, 50, ({ replay }) => replay.reserve(id("key"), until));
      problems.equal(results.filter(Boolean).length, 1, "reserve calls that resolved true");
      return problems.list;
    },
  },
  {
    name: "races: 100 concurrent hit of one key count to exactly 100, each count once",
    async run({ views }, id) {
      const problems = new Problems();
      const states = await concurrently(views, 100, ({ counters }) => counters.hit(id("key"), 300));
      const counts = states.map(({ count }) => count).sort((a, b) => a - b);
      problems.equal(counts, Array.from({ length: 100 }, (_, index) => index + 1), "the counts returned, sorted");
      problems.equal(new Set(states.map(({ resetAt }) => resetAt)).size, 1, "distinct window ends");
      problems.equal((await views[0].counters.peek(id("key")))?.count, 100, "the final count");
      return problems.list;
    },
  },
  {
    name: "races: concurrent creates of one client id, exactly one wins and is kept whole",
    async run({ views }, id) {
      const problems = new Problems();
      const clientId = id("client");
      const results = await concurrently(views, 20, ({ clients }, index) =>
        clients.createClient({ ...fullClient(clientId), scopes: [`scope-${index}`] }),
      );
      problems.equal(results.filter(Boolean).length, 1, "createClient calls that resolved true");
      const winner = results.indexOf(true);
      problems.equal((await views[0].clients.getClient(clientId))?.scopes, [`scope-${winner}`], "the stored client's scopes");
      return problems.list;
    },
  },
  {
    name: "races: concurrent rotations of one client each add their secret",
    async run({ views }, id) {
      const problems = new Problems();
      const clientId = id("client");
      await views[0].clients.createClient({ ...minimalClient(clientId), secrets: [{ hash: "sha256:old" }] });
      await concurrently(views, 10, ({ clients }, index) => clients.rotateClientSecret(clientId, { hash: `sha256:new-${index}` }, 1_700_000_000));
      const secrets = (await views[0].clients.getClient(clientId))?.secrets ?? [];
      const hashes = secrets.map(({ hash }) => hash).sort();
      problems.equal(hashes, ["sha256:old", ...Array.from({ length: 10 }, (_, index) => `sha256:new-${index}`)].sort(), "the hashes held");
      const capped = secrets.filter(({ expiresAt }) => expiresAt === 1_700_000_000).length;
      problems.equal(capped, 10, "secrets capped at previousExpireAt (all but the last one added)");
      return problems.list;
    },
  },
  {
    name: "races: once revokeToken has resolved, isRevoked is true from every view",
    async run({ views, now }, id) {
      const problems = new Problems();
      const t = await now();
      const token = { jti: id("jti"), clientId: id("client"), issuedAt: t - 1 };
      let resolved = false;
      let lateFalse = 0;
      const poll = async ({ revocations }: StoreViews) => {
        for (let round = 0; round < 200 && !resolved; round++) await revocations.isRevoked(token);
        for (let round = 0; round < 5; round++) if (!(await revocations.isRevoked(token))) lateFalse++;
      };
      const polling = Promise.all(views.map(poll));
      await views[0].revocations.revokeToken(token.jti, t + 600);
      resolved = true;
      const answers = await Promise.all(views.map(({ revocations }) => revocations.isRevoked(token)));
      await polling;
      problems.equal(answers, views.map(() => true), "isRevoked from each view right after revokeToken resolved");
      problems.equal(lateFalse, 0, "isRevoked calls started after revokeToken resolved that said false");
      return problems.list;
    },
  },
  {
    name: "races: the change feed loses no change under concurrent writers",
    async run({ views, now }, id) {
      const problems = new Problems();
      const t = Math.floor(await now());
      const reader = new Replica(views[0].changes);
      await reader.read();
      let writing = true;
      const polling = (async () => {
        while (writing) await reader.read();
      })();
      await concurrently(views, 60, async ({ revocations, clients }, index) => {
        if (index % 3 === 2) await clients.putClient(minimalClient(id(`client-${index}`)));
        else await revocations.revokeToken(id(`jti-${index}`), t + 600 + index);
      });
      writing = false;
      await polling;
      await reader.drain();
      const tokens = Array.from({ length: 60 }, (_, index) => index).filter((index) => index % 3 !== 2);
      const missing = tokens.filter((index) => reader.tokens.get(id(`jti-${index}`)) !== t + 600 + index);
      problems.equal(missing, [], "revocations the reader never applied");
      const clients = Array.from({ length: 20 }, (_, index) => id(`client-${index * 3 + 2}`));
      problems.equal(canonical(clients.filter((clientId) => !reader.changedClients.has(clientId))), "[]", "client changes the reader never saw");
      return problems.list;
    },
  },
];
