// The conformance suite on Bun: `bun dist/suite/run-bun.js`.
import * as core from "@tessera/core";
import * as jose from "jose";
import { formatReport } from "./report.js";
import { runConformance } from "./suite.js";

const results = await runConformance({ core, jose });
console.log(formatReport(`bun ${Bun.version}`, results));
process.exitCode = results.every(({ problems }) => problems.length === 0) ? 0 : 1;
