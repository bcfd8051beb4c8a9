import { describe, expect, it } from "vitest";
import { timingSafeEqual } from "./timing-safe.js";

/** A byte array that records which indexes were read. */
function counted(bytes: Uint8Array, reads: number[]): Uint8Array {
  return new Proxy(bytes, {
    get(target, property) {
      if (typeof property === "string" && /^\d+$/.test(property)) reads.push(Number(property));
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

describe("timingSafeEqual", () => {
  it("reads every byte of both inputs wherever they first differ: the code path, not the clock", () => {
    const base = crypto.getRandomValues(new Uint8Array(32));
    const paths: number[][] = [];
    for (const differAt of [undefined, 0, 1, 15, 31]) {
      const other = base.slice();
      if (differAt !== undefined) other[differAt] = (other[differAt] as number) ^ 0xff;
      const reads: number[] = [];
      const equal = timingSafeEqual(counted(base, reads), counted(other, reads));
      expect(equal).toBe(differAt === undefined);
      paths.push(reads);
    }
    const all = Array.from({ length: 32 }, (_, i) => [i, i]).flat();
    for (const reads of paths) expect(reads).toEqual(all);
  });

  it("refuses different lengths (callers compare fixed-length digests)", () => {
    expect(timingSafeEqual(new Uint8Array(32), new Uint8Array(31))).toBe(false);
  });
});
