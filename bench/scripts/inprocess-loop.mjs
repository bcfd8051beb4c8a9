// N token requests in-process, 50 at a time, on a server built as the examples build it (the
// bench client, a fresh EdDSA key), for counting instructions with callgrind where timing is too
// noisy (bench/PROFILE.md, "Fifth run"). HOOK=empty adds an empty `requestCompleted` hook,
// HOOK=log the examples' log hooks (lines made and dropped). Build first (`npx tsc -b`); run from
// the repository root:
//
//   for n in 2000 6000; do valgrind --tool=callgrind --callgrind-out-file=/dev/null node bench/scripts/inprocess-loop.mjs $n 2>&1 | grep Collected; done
//
// Instructions per token request: the difference of the two totals ÷ 4,000.
import { readFile } from "node:fs/promises";
import { clientCredentialsGrant, createAuthorizationServer } from "@tessera/core";
import { createRequestLog, loadConfig } from "@tessera/example-config";
import { exportPKCS8, generateKeyPair } from "jose";

const requests = Number(process.argv[2] ?? 10_000);
const { privateKey } = await generateKeyPair("EdDSA", { extractable: true });
const clients = { clients: [{ client_id: "bench", client_secret: "bench-secret-0123456789abcdef", scope: "read" }] };
const env = { OAUTH_ISSUER: "http://localhost", OAUTH_CLIENTS: JSON.stringify(clients), OAUTH_PRIVATE_KEY: await exportPKCS8(privateKey) };
const config = await loadConfig(env, { readFile });
const events = { empty: { requestCompleted() {} }, log: createRequestLog(() => {}).events }[process.env.HOOK ?? ""];
const server = createAuthorizationServer({ ...config.options(0), grants: [clientCredentialsGrant()], ...(events === undefined ? {} : { events }) });
await server.ready;

const authorization = `Basic ${btoa("bench:bench-secret-0123456789abcdef")}`;
const tokenRequest = () =>
  new Request("http://localhost/token", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", authorization },
    body: "grant_type=client_credentials&scope=read",
  });
let started = 0;
async function caller() {
  while (started < requests) {
    started++;
    const response = await server.respondToTokenRequest(tokenRequest());
    if (response.status !== 200) throw new Error(`refused: ${response.status}`);
    await response.text();
  }
}
const before = process.cpuUsage();
await Promise.all(Array.from({ length: 50 }, caller));
const used = process.cpuUsage(before);
console.log(`${((used.user + used.system) / requests).toFixed(1)} µs of CPU per token request`);
