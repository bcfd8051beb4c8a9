/**
 * `pnpm soak`: drives an example, started as its `pnpm start` starts it (servers/examples.ts),
 * over real HTTP for a bounded time with mixed good and hostile traffic, and reports requests,
 * answers by kind and status, transport errors, any 5xx (there must be none) and the server's
 * RSS at start, peak and end. Exits non-zero on any 5xx, a server that dies, or no token issued.
 *
 * The traffic, per request, at random: token requests that must succeed (and a protected
 * resource call with the token), wrong secrets against one client until it is locked out,
 * unknown client ids (each a new key for the lockout's bounded memory), malformed and
 * percent-abused bodies, bodies over the core's and over the adapter's limit, garbage bearer
 * tokens, metadata and JWKS reads, and a few slow-loris clients that trickle a body until the
 * adapter's `bodyTimeout` cuts them off.
 *
 * Environment: SOAK_EXAMPLE (`node`, `hono`, `bun` or `deno`; default `node`), SOAK_NODE (the
 * Node major for `node` and `hono`, installed on demand as for BENCH_NODES; default this
 * process's), SOAK_SECONDS (default 30), SOAK_CONCURRENCY (default 16), SOAK_SLOW_CLIENTS
 * (default 4).
 */
import { connect } from "node:net";
import type { Runtime } from "./runtimes/runtime.js";
import { exampleRuntime, launchExample } from "./servers/examples.js";
import { exampleTargets, type ExampleTarget } from "./target-names.js";

const seconds = positive("SOAK_SECONDS", 30);
const concurrency = positive("SOAK_CONCURRENCY", 16);
const slowClients = positive("SOAK_SLOW_CLIENTS", 4, true);

function positive(name: string, fallback: number, zero = false): number {
  const raw = process.env[name];
  const value = raw === undefined || raw === "" ? fallback : Number(raw);
  if (!Number.isSafeInteger(value) || value < (zero ? 0 : 1)) throw new TypeError(`${name}: expected a whole number${zero ? "" : " above 0"}`);
  return value;
}

const good = { client_id: "soak-good", client_secret: "soak-good-secret-0123456789abcdef", scope: "read write" };
const victim = { client_id: "soak-victim", client_secret: "soak-victim-secret-0123456789abcd", scope: "read" };
const basic = (id: string, secret: string) =>
  `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString("base64")}`;
const form = "application/x-www-form-urlencoded";

// --- The server, in its own process --------------------------------------------------------
const example = `example-${process.env.SOAK_EXAMPLE ?? "node"}` as ExampleTarget;
if (!exampleTargets.includes(example)) throw new TypeError("SOAK_EXAMPLE: expected node, hono, bun or deno");
const kind = exampleRuntime[example];
const runtime: Runtime = kind === "node" ? { kind, major: positive("SOAK_NODE", Number(process.versions.node.split(".")[0])) } : { kind };
const server = await launchExample(example, runtime, { OAUTH_CLIENTS: JSON.stringify({ clients: [good, victim] }) });
const origin = `http://127.0.0.1:${server.port}`;
const port = server.port;
let serverExit: string | undefined;
const serverGone = setInterval(() => {
  void server.stats().catch((error: unknown) => {
    serverExit = error instanceof Error ? error.message : String(error);
  });
}, 1000);

async function rss(): Promise<number | undefined> {
  return server.rss();
}

// --- Traffic -------------------------------------------------------------------------------
const counts = new Map<string, number>();
let requests = 0;
let fiveHundreds = 0;
let tokensIssued = 0;
let wrongGrants = 0;

function count(kind: string, outcome: number | string): void {
  requests++;
  if (typeof outcome === "number" && outcome >= 500) fiveHundreds++;
  const key = `${kind} → ${outcome}`;
  counts.set(key, (counts.get(key) ?? 0) + 1);
}

async function send(kind: string, path: string, init: RequestInit): Promise<Response | undefined> {
  try {
    const response = await fetch(origin + path, { ...init, signal: AbortSignal.timeout(30_000) });
    count(kind, response.status);
    return response;
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).name;
    count(kind, `transport error (${cause})`);
    return undefined;
  }
}

const token = (authorization: string | undefined, body: string | Uint8Array<ArrayBuffer>, contentType = form) =>
  ({
    method: "POST",
    headers: { "content-type": contentType, ...(authorization === undefined ? {} : { authorization }) },
    body,
  }) satisfies RequestInit;

const random = (n: number) => Math.floor(Math.random() * n);
const abuse = ["%", "%ZZ", "%00", "%C0%AF", "%ED%A0%80", "%FF", "&&&", "=", "+", "\u0000"];

const kinds: [weight: number, run: () => Promise<void>][] = [
  [40, async () => {
    const response = await send("good token", "/token", token(basic(good.client_id, good.client_secret), "grant_type=client_credentials&scope=read"));
    if (response?.status !== 200) {
      await response?.body?.cancel();
      return;
    }
    const body = (await response.json()) as { access_token: string; scope: string };
    tokensIssued++;
    if (body.scope !== "read") wrongGrants++;
    if (Math.random() < 0.25) {
      const whoami = await send("whoami with the token", "/whoami", { headers: { authorization: `Bearer ${body.access_token}` } });
      await whoami?.body?.cancel();
    }
  }],
  [10, async () => {
    const response = await send("wrong secret (victim)", "/token", token(basic(victim.client_id, `guess-${random(1e9)}`), "grant_type=client_credentials"));
    if (response?.status === 200) wrongGrants++;
    await response?.body?.cancel();
  }],
  [10, async () => {
    const response = await send("unknown client", "/token", token(undefined, `grant_type=client_credentials&client_id=nobody-${random(1e9)}&client_secret=x`));
    if (response?.status === 200) wrongGrants++;
    await response?.body?.cancel();
  }],
  [8, async () => {
    const bodies = [
      `grant_type=client_credentials&scope=read&scope=write`,
      `grant_type=client_credentials&x=${Array.from({ length: 5 }, () => abuse[random(abuse.length)]).join("")}`,
      `${"a=1&".repeat(100)}grant_type=client_credentials`,
      `grant_type=client_credentials&scope=${"read+".repeat(400)}read`,
    ];
    const response = await send("odd or malformed body", "/token", token(basic(good.client_id, good.client_secret), bodies[random(bodies.length)] as string));
    await response?.body?.cancel();
  }],
  [4, async () => {
    const types = ["application/json", "text/plain", "multipart/form-data; boundary=x", `${form}; charset=latin1`];
    const response = await send("wrong content type", "/token", token(basic(good.client_id, good.client_secret), "grant_type=client_credentials", types[random(types.length)]));
    await response?.body?.cancel();
  }],
  [4, async () => {
    const bytes = new Uint8Array(random(2048));
    for (let i = 0; i < bytes.length; i++) bytes[i] = random(256);
    const response = await send("binary body", "/token", token(basic(good.client_id, good.client_secret), bytes));
    await response?.body?.cancel();
  }],
  [4, async () => {
    const response = await send("body over the core's 16 KiB", "/token", token(basic(good.client_id, good.client_secret), `grant_type=client_credentials&pad=${"a".repeat(20_000)}`));
    await response?.body?.cancel();
  }],
  [2, async () => {
    const response = await send("body over the adapter's 1 MiB", "/token", token(basic(good.client_id, good.client_secret), new Uint8Array(2 * 1024 * 1024)));
    await response?.body?.cancel();
  }],
  [4, async () => {
    const garbage = ["Bearer", "Bearer a.b.c", `Bearer ${"A".repeat(20_000)}`, "Basic Zm9vOmJhcg==", "Bearer eyJhbGciOiJub25lIn0.e30."];
    const response = await send("garbage bearer", "/whoami", { headers: { authorization: garbage[random(garbage.length)] as string } });
    await response?.body?.cancel();
  }],
  [4, async () => {
    const paths = ["/.well-known/oauth-authorization-server", "/.well-known/jwks.json", "/nowhere"];
    const response = await send("metadata, JWKS, 404", paths[random(paths.length)] as string, {});
    await response?.body?.cancel();
  }],
  [2, async () => {
    const response = await send("long Authorization", "/token", token(`Basic ${"QUFB".repeat(2000)}`, "grant_type=client_credentials"));
    await response?.body?.cancel();
  }],
];
const totalWeight = kinds.reduce((sum, [weight]) => sum + weight, 0);

function pick(): () => Promise<void> {
  let r = Math.random() * totalWeight;
  for (const [weight, run] of kinds) {
    r -= weight;
    if (r < 0) return run;
  }
  return kinds[0]![1];
}

/** A slow-loris client: declares a body, trickles a few bytes, and waits to be cut off. */
function slowLoris(): Promise<void> {
  return new Promise((resolve) => {
    const socket = connect(Number(port), "127.0.0.1");
    let answer = "";
    const trickle = setInterval(() => socket.write("a"), 1000);
    socket.on("data", (chunk) => (answer += chunk.toString("latin1")));
    socket.on("error", () => {});
    socket.on("close", () => {
      clearInterval(trickle);
      count("slow-loris body", Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1] ?? 0) || "closed without an answer");
      resolve();
    });
    socket.write(`POST /token HTTP/1.1\r\nHost: localhost\r\nContent-Type: ${form}\r\nContent-Length: 100000\r\n\r\ngrant_type=`);
  });
}

const rssStart = await rss();
let rssPeak = rssStart ?? 0;
const sampler = setInterval(async () => {
  const value = await rss();
  if (value !== undefined && value > rssPeak) rssPeak = value;
}, 500);

console.log(`soak: ${example} on ${runtime.kind === "node" ? `Node ${runtime.major}` : runtime.kind}, ${origin} (pid ${server.pid}) for ${seconds} s, ${concurrency} concurrent clients and ${slowClients} slow-loris clients`);
const deadline = Date.now() + seconds * 1000;
const started = performance.now();
const workers = [
  ...Array.from({ length: concurrency }, async () => {
    while (Date.now() < deadline && serverExit === undefined) await pick()();
  }),
  ...Array.from({ length: slowClients }, async () => {
    while (Date.now() < deadline && serverExit === undefined) await slowLoris();
  }),
];
await Promise.all(workers);
const elapsed = (performance.now() - started) / 1000;
clearInterval(sampler);
const rssEnd = await rss();
clearInterval(serverGone);
await server.stop();

// --- Report --------------------------------------------------------------------------------
const mib = (bytes: number | undefined) => (bytes === undefined ? "n/a" : `${(bytes / 1024 / 1024).toFixed(1)} MiB`);
console.log(`\n${requests.toLocaleString("en")} requests in ${elapsed.toFixed(1)} s (${(requests / elapsed).toFixed(0)}/s)\n`);
for (const [key, n] of [...counts].sort(([a], [b]) => a.localeCompare(b))) console.log(`${String(n).padStart(8)}  ${key}`);
const byClass = new Map<string, number>();
for (const [key, n] of counts) {
  const outcome = key.split(" → ")[1] ?? "";
  const klass = /^\d{3}$/.test(outcome) ? `${outcome[0]}xx` : "transport";
  byClass.set(klass, (byClass.get(klass) ?? 0) + n);
}
console.log(`\nby class: ${[...byClass].sort().map(([k, n]) => `${k} ${n}`).join(", ")}`);
console.log(`tokens issued: ${tokensIssued}; tokens wrongly granted: ${wrongGrants}`);
console.log(`5xx: ${fiveHundreds}`);
console.log(`server RSS: start ${mib(rssStart)}, peak ${mib(rssPeak)}, end ${mib(rssEnd)}`);
const problems = [
  ...(fiveHundreds > 0 ? [`${fiveHundreds} answers were 5xx`] : []),
  ...(wrongGrants > 0 ? [`${wrongGrants} tokens were wrongly granted`] : []),
  ...(tokensIssued === 0 ? ["no token was issued"] : []),
  ...(serverExit !== undefined ? [serverExit] : []),
];
if (problems.length > 0) {
  console.error(`\nsoak FAILED: ${problems.join("; ")}`);
  process.exit(1);
}
console.log("\nsoak passed: no 5xx, no crash, no wrongly granted token");
