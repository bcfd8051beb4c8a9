import { defineConfig } from "vitest/config";

// .ci/run sets TEST_RESULTS_JSON to also get machine-readable counts from the same run.
const resultsFile = process.env.TEST_RESULTS_JSON;

export default defineConfig({
  test: {
    include: ["packages/*/src/**/*.test.ts", "examples/*/src/**/*.test.ts", "examples/frameworks/*/src/**/*.test.ts"],
    testTimeout: 20_000,
    // One PostgreSQL server per run, for the stores' tests, started only if one asks for it.
    globalSetup: ["packages/conformance/src/storage/global-setup.ts"],
    ...(resultsFile ? { reporters: ["default", "json"], outputFile: { json: resultsFile } } : {}),
  },
});
