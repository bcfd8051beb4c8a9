// The run of scripts/cpu-per-token.sh, from the bench's own definitions: `node environment.mjs
// <alg> <directory>` writes a fresh key of the algorithm (key.pem) and the bench's wrk script of
// the token request (token.lua) into the directory, and prints, as shell `export` lines, the
// examples' bench environment (servers/example-environment.ts) and BENCH_KEY_FILE. Build first.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { generateBenchKeys, isAlg } from "../dist/fixture.js";
import { wrkScript } from "../dist/load.js";
import { exampleEnvironment } from "../dist/servers/example-environment.js";
import { tokenWorkload } from "../dist/workload.js";

const [alg, directory] = process.argv.slice(2);
if (!isAlg(alg) || directory === undefined) throw new Error("usage: environment.mjs RS256|ES256|EdDSA <directory>");
const pem = (await generateBenchKeys())[alg];
const keyFile = join(directory, "key.pem");
writeFileSync(keyFile, pem);
writeFileSync(join(directory, "token.lua"), wrkScript(tokenWorkload));
const quote = (value) => `'${value.replaceAll("'", `'\\''`)}'`;
for (const [name, value] of Object.entries({ ...exampleEnvironment(pem), BENCH_KEY_FILE: keyFile })) {
  console.log(`export ${name}=${quote(value)}`);
}
