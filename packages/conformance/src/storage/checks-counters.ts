import type { StoreCheck, StoreFixture } from "./fixture.js";
import { Problems, sleep } from "./problems.js";

/** Lets `seconds` pass on the store's clock: moved by hand where injected, else waited for. */
async function pass({ advance }: StoreFixture, seconds: number): Promise<void> {
  if (advance !== undefined) advance(seconds);
  else await sleep(seconds * 1000);
}

/** The checks of {@link CounterStore} and {@link ReplayStore}. */
export const counterChecks: readonly StoreCheck[] = [
  {
    name: "counters: hit counts within a window, peek reads it, reset forgets it",
    async run({ views: [{ counters }], now }, id) {
      const problems = new Problems();
      const key = id("k");
      problems.equal(await counters.peek(key), undefined, "peek before any hit");
      const before = await now();
      const first = await counters.hit(key, 300);
      const after = await now();
      problems.equal(first.count, 1, "the first hit's count");
      problems.check(first.resetAt >= before + 299 && first.resetAt <= after + 301, `resetAt ${first.resetAt} is not 300 s after the first hit (${before})`);
      const second = await counters.hit(key, 60);
      problems.equal(second, { count: 2, resetAt: first.resetAt }, "a second hit in the window keeps its end");
      problems.equal(await counters.peek(key), second, "peek in the window");
      problems.equal(await counters.peek(id("other")), undefined, "peek of another key");
      await counters.reset(key);
      problems.equal(await counters.peek(key), undefined, "peek after reset");
      problems.equal((await counters.hit(key, 300)).count, 1, "the first hit after reset");
      await counters.reset(id("never-hit"));
      return problems.list;
    },
  },
  {
    name: "counters: a hit after the window ends starts a new one",
    async run(fixture, id) {
      const problems = new Problems();
      const { counters } = fixture.views[0];
      const key = id("short");
      await counters.hit(key, 0.4);
      await counters.hit(key, 0.4);
      await pass(fixture, 0.6);
      problems.equal(await counters.peek(key), undefined, "peek after the window ended");
      const fresh = await counters.hit(key, 300);
      problems.equal(fresh.count, 1, "the first hit of the new window");
      problems.check(fresh.resetAt > (await fixture.now()) + 250, "the new window did not take the new length");
      return problems.list;
    },
  },
  {
    name: "replay: reserve is first writer wins until the reservation ends",
    async run(fixture, id) {
      const problems = new Problems();
      const { replay } = fixture.views[0];
      const t = await fixture.now();
      problems.equal(await replay.reserve(id("a"), t + 300), true, "the first reserve");
      problems.equal(await replay.reserve(id("a"), t + 600), false, "a second reserve while it lasts");
      problems.equal(await replay.reserve(id("b"), t + 300), true, "another key");
      problems.equal(await replay.reserve(id("past"), t - 1), true, "a reservation that has already ended");
      problems.equal(await replay.reserve(id("past"), t + 300), true, "the key of an ended reservation");
      problems.equal(await replay.reserve(id("past"), t + 300), false, "that key once taken again");
      await replay.reserve(id("short"), t + 0.4);
      await pass(fixture, 0.6);
      problems.equal(await replay.reserve(id("short"), (await fixture.now()) + 300), true, "a key whose reservation ran out");
      return problems.list;
    },
  },
  {
    name: "counters and replay: refuse keys and times they cannot keep, with a TypeError",
    async run({ views: [{ counters, replay }], now }, id) {
      const problems = new Problems();
      const t = await now();
      await problems.rejectsInput(() => counters.hit("", 60), "hit with an empty key");
      await problems.rejectsInput(() => counters.hit("k".repeat(129), 60), "hit with a key of 129 characters");
      await problems.rejectsInput(() => counters.hit(id("k"), 0), "hit with a window of 0 s");
      await problems.rejectsInput(() => counters.hit(id("k"), Number.NaN), "hit with a window of NaN");
      await problems.rejectsInput(() => counters.peek(""), "peek with an empty key");
      await problems.rejectsInput(() => replay.reserve("r".repeat(257), t + 60), "reserve with a key of 257 characters");
      await problems.rejectsInput(() => replay.reserve(id("r"), Number.POSITIVE_INFINITY), "reserve until Infinity");
      problems.equal((await counters.hit("k".repeat(128), 60)).count > 0, true, "hit with a key of 128 characters");
      problems.equal(await replay.reserve(`${id("r")}${"r".repeat(200)}`.slice(0, 256), t + 60), true, "reserve with a key of 256 characters");
      return problems.list;
    },
  },
];
