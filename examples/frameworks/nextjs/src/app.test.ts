import { spawn, type ChildProcess } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { protectedResourceAudience, scenarioClients, scenarioIssuer } from "@tessera/conformance/tables";
import { describeRecipe, startRecipeFixture } from "@tessera/example-frameworks-suite";
import { expect, it } from "vitest";

const directory = fileURLToPath(new URL("../", import.meta.url));
const nextBin = createRequire(import.meta.url).resolve("next/dist/bin/next");

/**
 * `next dev` on a free loopback port, in a process group of its own, configured for the fixture:
 * its issuer and audience, its signing key (so that the fixture's tokens verify) and its clients.
 */
async function startNext(env: Record<string, string>): Promise<{ origin: string; close: () => Promise<void> }> {
  const child = spawn(process.execPath, [nextBin, "dev", "--port", "0", "--hostname", "127.0.0.1"], {
    cwd: directory,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: { PATH: process.env.PATH, HOME: process.env.HOME, NEXT_TELEMETRY_DISABLED: "1", ...env },
  });
  const origin = await listening(child);
  const close = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once("close", () => resolve());
      process.kill(-(child.pid as number), "SIGTERM"); // next and the workers it started
    });
  return { origin, close };
}

function listening(child: ChildProcess): Promise<string> {
  let output = "";
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      process.kill(-(child.pid as number), "SIGKILL");
      reject(new Error(`next dev printed no address within 60 s: ${output}`));
    }, 60_000);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Local:\s+(http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match?.[1] === undefined) return;
      clearTimeout(timer);
      resolve(match[1]);
    };
    child.stdout?.on("data", read);
    child.stderr?.on("data", read);
    child.once("close", (code) => {
      clearTimeout(timer);
      reject(new Error(`next dev exited (${code}): ${output}`));
    });
  });
}

describeRecipe("Next.js", async () => {
  const fixture = await startRecipeFixture();
  const next = await startNext({
    OAUTH_ISSUER: scenarioIssuer,
    OAUTH_AUDIENCE: protectedResourceAudience,
    OAUTH_PRIVATE_KEY: fixture.privateKeyPem,
    OAUTH_CLIENTS: JSON.stringify(Object.values(scenarioClients)),
  });
  // Each route compiles on its first request in development: have that done here, not in a test.
  for (const path of ["/.well-known/oauth-authorization-server", "/.well-known/jwks.json", "/api/read", "/api/admin"]) await fetch(next.origin + path);
  for (const path of ["/token", "/revoke", "/introspect"]) await fetch(next.origin + path, { method: "POST" });
  return { ...next, tokens: fixture.tokens };
}, (app) => {
  // proxy.ts runs before routing: a path without a route shows its answer alone.
  it("refuses, in proxy.ts, a request to /api/* without a token, before any route", async () => {
    const response = await fetch(`${app().origin}/api/no-such-route`);
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toBe(`Bearer realm="${protectedResourceAudience}"`);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(await response.text()).toBe("");
  });

  it("refuses, in proxy.ts, an invalid token with the RFC 6750 answer", async () => {
    const response = await fetch(`${app().origin}/api/no-such-route`, { headers: { authorization: `Bearer ${app().tokens.expired}` } });
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toMatch(/^Bearer realm="https:\/\/api\.example", error="invalid_token"/);
    expect(await response.json()).toMatchObject({ error: "invalid_token" });
  });
});
