import { defineConfig } from "vitest/config";

// `pnpm bench:check` runs the bench's smoke test on the built bench (dist/), where the child
// processes it starts can be found. Not part of `pnpm test`.
export default defineConfig({
  test: {
    root: import.meta.dirname,
    include: ["dist/**/*.test.js"],
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});
