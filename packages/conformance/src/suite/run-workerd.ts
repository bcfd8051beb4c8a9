// The conformance suite on workerd, without nodejs_compat: bundled by esbuild and run by
// `workerd test` (see workerd.ts), which calls this test handler and fails when it throws.
import * as core from "@tessera/core";
import * as jose from "jose";
import { formatReport } from "./report.js";
import { runConformance } from "./suite.js";

/** Set by the bundler: the version of the workerd package that runs the bundle. */
declare const WORKERD_VERSION: string;

export default {
  async test(): Promise<void> {
    const results = await runConformance({ core, jose });
    console.log(formatReport(`workerd ${WORKERD_VERSION}`, results));
    if (results.some(({ problems }) => problems.length > 0)) throw new Error("conformance checks failed");
  },
};
