// The conformance suite on Bun: `bun dist/conformance/run-bun.js`.
import * as core from "@tessera/core";
import * as testing from "@tessera/core/testing";
import * as jose from "jose";
import { formatReport } from "./report.js";
import { runConformance } from "./suite.js";

const results = await runConformance({ core, testing, jose });
console.log(formatReport(`bun ${Bun.version}`, results));
process.exitCode = results.every(({ problems }) => problems.length === 0) ? 0 : 1;
