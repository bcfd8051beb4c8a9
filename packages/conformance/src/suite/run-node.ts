// The conformance suite on Node: `node dist/suite/run-node.js`.
import * as core from "@tessera/core";
import * as jose from "jose";
import { formatReport } from "./report.js";
import { runConformance } from "./suite.js";

const results = await runConformance({ core, jose });
console.log(formatReport(`node ${process.versions.node}`, results));
process.exitCode = results.every(({ problems }) => problems.length === 0) ? 0 : 1;
