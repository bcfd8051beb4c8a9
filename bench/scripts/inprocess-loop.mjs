// N token requests in-process, 50 at a time, on a server built as the examples build it (the
// examples' bench environment with a fresh EdDSA key; the bench's token request), for counting
// instructions with callgrind where timing is too noisy (bench/PROFILE.md, "Fifth run").
// HOOK=empty adds an empty `requestCompleted` hook, HOOK=log the examples' log hooks (lines made
// and dropped). Build first (`npx tsc -b`); run from the repository root:
//
//   for n in 2000 6000; do valgrind --tool=callgrind --callgrind-out-file=/dev/null node bench/scripts/inprocess-loop.mjs $n 2>&1 | grep Collected; done
//
// Instructions per token request: the difference of the two totals ÷ 4,000.
import { readFile } from "node:fs/promises";
import { clientCredentialsGrant, createAuthorizationServer } from "@tessera/core";
import { createRequestLog, loadConfig } from "@tessera/example-config";
import { exportPKCS8, generateKeyPair } from "jose";
import { issuer, tokenRequest } from "../dist/fixture.js";
import { exampleEnvironment } from "../dist/servers/example-environment.js";

const requests = Number(process.argv[2] ?? 10_000);
// Only an Ed25519 key: an RSA key's generation takes a varying number of instructions.
const { privateKey } = await generateKeyPair("EdDSA", { extractable: true });
const config = await loadConfig(exampleEnvironment(await exportPKCS8(privateKey)), { readFile });
const events = { empty: { requestCompleted() {} }, log: createRequestLog(() => {}).events }[process.env.HOOK ?? ""];
const server = createAuthorizationServer({ ...config.options(0), grants: [clientCredentialsGrant()], ...(events === undefined ? {} : { events }) });
await server.ready;

const { method, path, headers, body } = tokenRequest;
const request = () => new Request(`${issuer}${path}`, { method, headers, body });
let started = 0;
async function caller() {
  while (started < requests) {
    started++;
    const response = await server.respondToTokenRequest(request());
    if (response.status !== 200) throw new Error(`refused: ${response.status}`);
    await response.text();
  }
}
const before = process.cpuUsage();
await Promise.all(Array.from({ length: 50 }, caller));
const used = process.cpuUsage(before);
console.log(`${((used.user + used.system) / requests).toFixed(1)} µs of CPU per token request`);
