// The conformance suite on Deno, with no permissions at all: `deno run dist/suite/run-deno.js`.
import * as core from "@tessera/core";
import * as jose from "jose";
import { formatReport } from "./report.js";
import { runConformance } from "./suite.js";

const results = await runConformance({ core, jose });
console.log(formatReport(`deno ${Deno.version.deno}`, results));
Deno.exit(results.every(({ problems }) => problems.length === 0) ? 0 : 1);
