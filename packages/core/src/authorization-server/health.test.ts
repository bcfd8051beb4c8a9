import * as core from "../index.js";
import { describe, expect, it } from "vitest";
import { createScenarioServer, scenarioIssuer } from "@tessera/conformance/tables";
import { MemoryStore } from "../storage/memory-store.js";
import { TemporarilyUnavailableError } from "../protocol/faults.js";
import { InMemoryClientRepository } from "./repositories/clients.js";

const probe = (server: core.AuthorizationServer, path: string, method = "GET") => server.fetch(new Request(`${scenarioIssuer}${path}`, { method }));

async function answer(response: Response): Promise<[number, unknown, string | null]> {
  return [response.status, response.status === 405 || response.body === null ? null : await response.json(), response.headers.get("cache-control")];
}

/** A store whose `ping` hangs, fails or answers, as the test sets it. */
class Outage extends MemoryStore {
  mode: "up" | "down" | "hang" = "up";
  override ping(): Promise<void> {
    if (this.mode === "down") return Promise.reject(new TemporarilyUnavailableError("store down"));
    return this.mode === "hang" ? new Promise(() => {}) : Promise.resolve();
  }
}

describe("the health probes", () => {
  it("answer liveness and readiness at /health/live and /health/ready, never cached", async () => {
    const server = await createScenarioServer(core);
    await server.ready;
    expect(await answer(await probe(server, "/health/live"))).toEqual([200, { status: "ok" }, "no-store"]);
    expect(await answer(await probe(server, "/health/ready"))).toEqual([200, { status: "ready" }, "no-store"]);
    expect((await probe(server, "/health/ready", "HEAD")).status).toBe(200);
    const post = await probe(server, "/health/live", "POST");
    expect([post.status, post.headers.get("allow")]).toEqual([405, "GET, HEAD"]);
  });

  it("are not ready while the signing key is not imported, or when it cannot be", async () => {
    const bad = await createScenarioServer(core, {}, "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----");
    await bad.ready.catch(() => {});
    expect(await answer(await probe(bad, "/health/ready"))).toEqual([503, { status: "not_ready", failing: ["signing_key"] }, "no-store"]);
    expect((await probe(bad, "/health/live")).status).toBe(200);
  });

  it("name each unreachable store by its option, a store behind several options once per option, within probeTimeout", async () => {
    const shared = new Outage();
    const server = await createScenarioServer(core, {
      clients: new InMemoryClientRepository([]),
      revocations: shared,
      replay: shared,
      lockout: { counters: shared },
      limits: { probeTimeout: 0.05 },
    });
    await server.ready;
    expect((await probe(server, "/health/ready")).status).toBe(200);
    shared.mode = "down";
    expect(await answer(await probe(server, "/health/ready"))).toEqual([
      503,
      { status: "not_ready", failing: ["revocations", "replay", "lockout.counters"] },
      "no-store",
    ]);
    shared.mode = "hang";
    expect((await probe(server, "/health/ready")).status).toBe(503);
    shared.mode = "up";
    expect((await probe(server, "/health/ready")).status).toBe(200);
  });

  it("move or turn off with paths.liveness and paths.readiness; the probes stay out of the metadata", async () => {
    const server = await createScenarioServer(core, { paths: { liveness: "/livez", readiness: false } });
    expect(server.paths).toMatchObject({ liveness: "/livez" });
    expect(server.paths).not.toHaveProperty("readiness");
    expect((await probe(server, "/livez")).status).toBe(200);
    expect((await probe(server, "/health/ready")).status).toBe(404);
    const metadata = JSON.stringify(await (await probe(server, "/.well-known/oauth-authorization-server")).json());
    expect(metadata).not.toContain("livez");
    await expect(createScenarioServer(core, { paths: { readiness: "/token" } })).rejects.toThrow(/^paths: .*must differ/);
    await expect(createScenarioServer(core, { paths: { liveness: "health" } })).rejects.toThrow(/^paths.liveness: /);
    await expect(createScenarioServer(core, { limits: { probeTimeout: 0 } })).rejects.toThrow(/^limits.probeTimeout: /);
  });
});
