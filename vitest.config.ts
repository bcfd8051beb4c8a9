import { defineConfig } from "vitest/config";

// .ci/run sets TEST_RESULTS_JSON to also get machine-readable counts from the same run.
const resultsFile = process.env.TEST_RESULTS_JSON;

export default defineConfig({
  test: {
    include: ["packages/*/src/**/*.test.ts", "examples/*/src/**/*.test.ts"],
    testTimeout: 20_000,
    ...(resultsFile ? { reporters: ["default", "json"], outputFile: { json: resultsFile } } : {}),
  },
});
