import { describe, expect, it } from "vitest";
import { batchedLines, createRequestLog } from "./logging.js";

const turn = () => new Promise((resolve) => setTimeout(resolve, 5));

describe("batchedLines", () => {
  it("writes the lines of one turn of the event loop together, in order, each ending with a newline", async () => {
    const writes: string[] = [];
    const lines = batchedLines((text) => writes.push(text));
    lines("one");
    lines("two");
    expect(writes).toEqual([]);
    await turn();
    expect(writes).toEqual(["one\ntwo\n"]);
    lines("three");
    await turn();
    expect(writes).toEqual(["one\ntwo\n", "three\n"]);
  });

  it("writes at once what is waiting on flush, and nothing when nothing is", async () => {
    const writes: string[] = [];
    const lines = batchedLines((text) => writes.push(text));
    lines.flush();
    lines("last words");
    lines.flush();
    expect(writes).toEqual(["last words\n"]);
    await turn();
    expect(writes).toEqual(["last words\n"]); // the timer of that line was cleared, not fired on nothing
  });

  it("does not wait for the turn to end once 64 KiB are waiting", () => {
    const writes: string[] = [];
    const lines = batchedLines((text) => writes.push(text));
    const line = "x".repeat(1023); // 1 KiB with its newline
    for (let i = 0; i < 64; i++) lines(line);
    expect(writes).toHaveLength(1);
    expect(writes[0]).toBe(`${line}\n`.repeat(64));
  });

  it("carries the request log's lines, each one JSON object", async () => {
    const writes: string[] = [];
    const lines = batchedLines((text) => writes.push(text));
    const log = createRequestLog(lines, () => Date.UTC(2026, 11, 7));
    for (const status of [200, 401]) log.request({ method: "GET", path: "/whoami", status, duration: 0.001, requestId: "r-1" });
    await turn();
    expect(writes).toHaveLength(1);
    const parsed = (writes[0] as string).trimEnd().split("\n").map((text) => JSON.parse(text) as Record<string, unknown>);
    expect(parsed.map(({ status, request_id, time }) => ({ status, request_id, time }))).toEqual([
      { status: 200, request_id: "r-1", time: "2026-12-07T00:00:00.000Z" },
      { status: 401, request_id: "r-1", time: "2026-12-07T00:00:00.000Z" },
    ]);
  });
});
