// The conformance suite on Node: `node dist/conformance/run-node.js`.
import * as core from "@tessera/core";
import * as testing from "@tessera/core/testing";
import * as jose from "jose";
import { formatReport } from "./report.js";
import { runConformance } from "./suite.js";

const results = await runConformance({ core, testing, jose });
console.log(formatReport(`node ${process.versions.node}`, results));
process.exitCode = results.every(({ problems }) => problems.length === 0) ? 0 : 1;
