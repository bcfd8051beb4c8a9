import { createServer, type Server } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { ConfigError } from "./config-error.js";
import { whenListening } from "./listening.js";

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

function listen(port: number, host: string): Server {
  const server = createServer();
  servers.push(server);
  return server.listen(port, host);
}

describe("whenListening", () => {
  it("resolves with the port the system picked for PORT=0", async () => {
    const server = listen(0, "127.0.0.1");
    const port = await whenListening(server, { port: 0, host: "127.0.0.1" });
    expect(port).toBeGreaterThan(0);
    expect(port).toBe((server.address() as { port: number }).port);
    expect(server.listenerCount("error")).toBe(0);
  });

  it("turns a port in use into a ConfigError naming PORT", async () => {
    const port = await whenListening(listen(0, "127.0.0.1"), { port: 0, host: "127.0.0.1" });
    const second = listen(port, "127.0.0.1");
    const error = await whenListening(second, { port, host: "127.0.0.1" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect(error).toMatchObject({ variable: "PORT", message: `PORT: port ${port} is already in use on 127.0.0.1` });
    expect(second.listenerCount("listening")).toBe(0);
  });

  it("turns an address that is not this machine's into a ConfigError naming HOST", async () => {
    // 192.0.2.1 is TEST-NET-1 (RFC 5737): never assigned to a real interface.
    const error = await whenListening(listen(0, "192.0.2.1"), { port: 0, host: "192.0.2.1" }).catch((e: unknown) => e);
    expect(error).toMatchObject({ variable: "HOST", message: "HOST: 192.0.2.1 is not an address of this machine" });
  });

  it("turns a host name that does not resolve into a ConfigError naming HOST", async () => {
    // .invalid never resolves (RFC 6761 §6.4).
    const error = await whenListening(listen(0, "tessera.invalid"), { port: 0, host: "tessera.invalid" }).catch((e: unknown) => e);
    expect(error).toMatchObject({ variable: "HOST", message: "HOST: tessera.invalid does not resolve to an address" });
  });
});
